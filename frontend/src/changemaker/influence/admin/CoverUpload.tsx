import { useState, type ChangeEvent } from 'react';
import { errorMessage } from '../../../api/errors';
import type { Campaign } from '../../../api/influenceTypes';
import { FormError } from '../../../shell/forms';
import { putFile } from '../../../trajectory/upload';
import { UploadProgress } from '../../../trajectory/UploadProgress';
import { useInfluence } from '../hooks';

const COVER_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** The campaign's cover image: straight to storage, checked by the server, then shown. */
export function CoverUpload({ campaign, onChanged }: { campaign: Campaign; onChanged(campaign: Campaign): void }) {
  const api = useInfluence();
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    if (!COVER_TYPES.includes(file.type) || file.size > 5 * 1024 * 1024) {
      setError('Choose a JPEG, PNG or WebP image of at most 5 MB');
      return;
    }
    try {
      const ticket = await api.coverUpload(campaign.id, file.type, file.size);
      await putFile(ticket.upload_url, file, file.type, (loaded, total) => setProgress({ name: file.name, loaded, total }));
      onChanged(await api.confirmCover(campaign.id, ticket.key));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="cover-heading">
      <h2 id="cover-heading">Cover image</h2>
      {campaign.cover_url && <img className="campaign-cover" src={`${campaign.cover_url}?v=${campaign.updated_at}`} alt="The current cover" />}
      <FormError message={error} />
      {progress && <UploadProgress {...progress} />}
      <div className="field">
        <label htmlFor="cover-file">{campaign.cover_url ? 'Replace the cover' : 'Add a cover'}</label>
        <input id="cover-file" type="file" accept={COVER_TYPES.join(',')} onChange={onFile} disabled={progress !== null} />
        <p className="hint">JPEG, PNG or WebP, at most 5 MB.</p>
      </div>
    </section>
  );
}
