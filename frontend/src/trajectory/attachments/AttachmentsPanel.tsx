import type { Attachment, Child, OwnerType } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useTrajectory } from '../hooks';
import { canWrite } from '../labels';
import { ErrorText } from '../LoadError';
import { AttachmentItem } from './AttachmentItem';
import { AttachmentUpload } from './AttachmentUpload';
import { ownerText } from './owners';

interface Props {
  child: Child;
  /** The record the files belong to; the child itself when absent. */
  owner?: { type: Exclude<OwnerType, 'child'>; id: string };
  title?: string;
}

/**
 * Files of a child or of one of its records: the list, and an upload form for
 * owners and parents. The child's list holds the files of all its records too,
 * each saying which record it belongs to.
 */
export function AttachmentsPanel({ child, owner, title = 'Files' }: Props) {
  const api = useTrajectory();
  const ownerType = owner?.type ?? 'child';
  const ownerId = owner?.id ?? child.id;
  const load = useLoad(async () => (await api.attachments(ownerType, ownerId)).data, [api, ownerType, ownerId]);
  // Only the child's list names records; without them a file still shows as "a visit".
  const records = useLoad(async () => {
    if (owner) return {};
    const settle = <T,>(p: Promise<{ data: T[] }>) => p.then((page) => page.data, () => [] as T[]);
    const [visits, measurements, illnesses] = await Promise.all([
      settle(api.records(child.id, 'visits')),
      settle(api.records(child.id, 'measurements')),
      settle(api.records(child.id, 'illnesses')),
    ]);
    return { visits, measurements, illnesses };
  }, [api, child.id, Boolean(owner)]);
  const writer = canWrite(child.role);
  const files = load.data ?? [];

  const replace = (updated: Attachment) => load.setData(files.map((f) => (f.id === updated.id ? updated : f)));
  const drop = (gone: Attachment) => load.setData(files.filter((f) => f.id !== gone.id));

  return (
    <section aria-labelledby={`files-heading-${ownerId}`}>
      <h2 id={`files-heading-${ownerId}`}>{title}</h2>
      {writer && <AttachmentUpload ownerType={ownerType} ownerId={ownerId} onUploaded={(a) => load.setData([a, ...files])} />}
      {load.loading && !load.data && <Loading label="Loading files…" />}
      <ErrorText message={load.error} />
      {load.data && files.length === 0 && <p className="muted">No files yet.</p>}
      {files.length > 0 && (
        <ul className="attachments" aria-label={title}>
          {files.map((a) => (
            <AttachmentItem
              key={a.id}
              attachment={a}
              belongsTo={owner ? undefined : (ownerText(a, records.data ?? {}) ?? `${child.name}’s own file`)}
              writer={writer}
              onChanged={replace}
              onDeleted={drop}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
