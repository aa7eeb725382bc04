import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/errors';
import type { Attachment } from '../../api/trajectoryTypes';
import { ConfirmButton } from '../../shell/confirm';
import { useTrajectory } from '../hooks';
import { ErrorText } from '../LoadError';
import { saveFile } from '../saveFile';
import { formatBytes } from '../upload';
import { filenameProblem, previewable } from './rules';
import { useObjectUrl } from '../useObjectUrl';

interface Props {
  attachment: Attachment;
  /** The record the file belongs to, in words, where the list mixes records. */
  belongsTo?: string;
  writer: boolean;
  onChanged(attachment: Attachment): void;
  onDeleted(attachment: Attachment): void;
}

/** One file: preview (images and PDFs), download under its own name, rename and delete for writers. */
export function AttachmentItem({ attachment, belongsTo, writer, onChanged, onDeleted }: Props) {
  const api = useTrajectory();
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = previewable(attachment.content_type);

  async function download() {
    setError(null);
    try {
      saveFile(await api.attachmentFile(attachment.id), attachment.filename);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function remove() {
    setError(null);
    try {
      await api.deleteAttachment(attachment.id);
      onDeleted(attachment);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <li className="attachment">
      <div className="attachment-head">
        <span className="attachment-name">{attachment.filename}</span>
        <span className="muted">
          {[attachment.document_type, formatBytes(attachment.size_bytes)].filter(Boolean).join(' · ')}
        </span>
      </div>
      {belongsTo && <p className="attachment-owner">{belongsTo}</p>}
      <ErrorText message={error} />
      <div className="entry-actions">
        {kind && (
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide preview' : 'Preview'}
          </button>
        )}
        <button type="button" onClick={download}>
          Download
        </button>
        {writer && (
          <>
            <button type="button" onClick={() => setRenaming(!renaming)}>
              Rename
            </button>
            <ConfirmButton
              label="Delete"
              confirmLabel={`Yes, delete ${attachment.filename}`}
              question={`Delete ${attachment.filename}?`}
              onConfirm={remove}
            />
          </>
        )}
      </div>
      {renaming && (
        <RenameForm
          attachment={attachment}
          onDone={(updated) => {
            setRenaming(false);
            onChanged(updated);
          }}
        />
      )}
      {open && kind && <Preview attachment={attachment} kind={kind} />}
    </li>
  );
}

function Preview({ attachment, kind }: { attachment: Attachment; kind: 'image' | 'pdf' }) {
  const api = useTrajectory();
  const file = useObjectUrl(() => api.attachmentFile(attachment.id), attachment.id);
  if (file.loading) return <p className="loading">Loading the preview…</p>;
  if (file.error || !file.url) return <ErrorText message={file.error} />;
  return (
    <figure className="preview-frame">
      <figcaption>{attachment.filename}</figcaption>
      {kind === 'image' ? (
        <img className="preview" src={file.url} alt={attachment.filename} />
      ) : (
        <iframe className="preview preview-pdf" src={file.url} title={`Preview of ${attachment.filename}`} />
      )}
    </figure>
  );
}

function RenameForm({ attachment, onDone }: { attachment: Attachment; onDone(a: Attachment): void }) {
  const api = useTrajectory();
  const [name, setName] = useState(attachment.filename);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const problem = filenameProblem(trimmed);
    if (problem) {
      setError(problem);
      return;
    }
    try {
      onDone(await api.renameAttachment(attachment, trimmed));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <form onSubmit={onSubmit} className="inline-form" noValidate>
      <ErrorText message={error} />
      <div className="field">
        <label htmlFor={`rename-${attachment.id}`}>New name</label>
        <input id={`rename-${attachment.id}`} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <button type="submit">Save name</button>
    </form>
  );
}
