import type { Attachment, Child } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useTrajectory } from '../hooks';
import { canWrite } from '../labels';
import { ErrorText } from '../LoadError';
import { AttachmentItem } from './AttachmentItem';
import { AttachmentUpload } from './AttachmentUpload';

/** A child's files: the list, and an upload form for owners and parents. */
export function AttachmentsPanel({ child }: { child: Child }) {
  const api = useTrajectory();
  const load = useLoad(async () => (await api.attachments('child', child.id)).data, [api, child.id]);
  const writer = canWrite(child.role);
  const files = load.data ?? [];

  const replace = (updated: Attachment) => load.setData(files.map((f) => (f.id === updated.id ? updated : f)));
  const drop = (gone: Attachment) => load.setData(files.filter((f) => f.id !== gone.id));

  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      {writer && <AttachmentUpload ownerType="child" ownerId={child.id} onUploaded={(a) => load.setData([a, ...files])} />}
      {load.loading && !load.data && <Loading label="Loading files…" />}
      <ErrorText message={load.error} />
      {load.data && files.length === 0 && <p className="muted">No files yet.</p>}
      {files.length > 0 && (
        <ul className="attachments" aria-label="Files">
          {files.map((a) => (
            <AttachmentItem key={a.id} attachment={a} writer={writer} onChanged={replace} onDeleted={drop} />
          ))}
        </ul>
      )}
    </section>
  );
}
