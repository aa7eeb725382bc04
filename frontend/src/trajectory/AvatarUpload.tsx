import { useState, type ChangeEvent } from 'react';
import { errorMessage } from '../api/errors';
import type { TrajectoryApi } from '../api/trajectory';
import type { Child } from '../api/trajectoryTypes';
import { useTrajectory } from './hooks';
import { ErrorText } from './LoadError';
import { putFile } from './upload';
import { UploadProgress } from './UploadProgress';

/** What the API accepts for an avatar. */
export const AVATAR_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const MAX_AVATAR_BYTES = 5 * 1024 * 1024;

/** The API's rules for an avatar file, with its messages; null when the file is fine. */
export function avatarProblem(file: File): string | null {
  if (!AVATAR_TYPES.includes(file.type)) return 'Only JPEG, PNG and WebP files are accepted';
  if (file.size > MAX_AVATAR_BYTES) return 'The file is larger than 5 MB';
  if (file.size < 1) return 'The file is empty';
  return null;
}

/**
 * Sends a child's photo: asks for a presigned PUT, sends the bytes straight to
 * storage (reporting progress), then has the server check and use the object.
 */
export async function uploadAvatar(
  api: TrajectoryApi,
  childId: string,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): Promise<Child> {
  const ticket = await api.avatarUpload(childId, file.type, file.size);
  await putFile(ticket.upload_url, file, file.type, onProgress);
  return api.confirmAvatar(childId, ticket.key);
}

interface AvatarUploadProps {
  child: Child;
  onChanged(child: Child): void;
  /** Says what happened; null when a new attempt starts. The page shows one message at a time. */
  onNotice(message: string | null): void;
}

/** Sets or removes a child's photo, with a progress bar while it uploads. */
export function AvatarUpload({ child, onChanged, onNotice }: AvatarUploadProps) {
  const api = useTrajectory();
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.target;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError(null);
    onNotice(null);
    const problem = avatarProblem(file);
    if (problem) {
      setError(problem);
      return;
    }
    setProgress({ name: file.name, loaded: 0, total: file.size });
    try {
      onChanged(await uploadAvatar(api, child.id, file, (loaded, total) => setProgress({ name: file.name, loaded, total })));
      onNotice('The photo has been saved.');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setProgress(null);
    }
  }

  async function remove() {
    setError(null);
    onNotice(null);
    try {
      await api.removeAvatar(child.id);
      onChanged(await api.child(child.id));
      onNotice('The photo has been removed.');
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <div className="avatar-upload">
      <ErrorText message={error} />
      {progress && <UploadProgress {...progress} />}
      <div className="field">
        <label htmlFor="avatar-file">{child.has_avatar ? 'Replace the photo' : 'Add a photo'}</label>
        <input id="avatar-file" type="file" accept={AVATAR_TYPES.join(',')} onChange={onFile} disabled={progress !== null} />
        <p className="hint">JPEG, PNG or WebP, at most 5 MB.</p>
      </div>
      {child.has_avatar && !progress && (
        <button type="button" onClick={remove}>
          Remove the photo
        </button>
      )}
    </div>
  );
}
