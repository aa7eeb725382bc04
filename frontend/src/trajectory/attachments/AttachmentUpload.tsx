import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/errors';
import type { Attachment, OwnerType } from '../../api/trajectoryTypes';
import { SelectField, SubmitButton } from '../../shell/forms';
import { useTrajectory } from '../hooks';
import { ErrorText } from '../LoadError';
import { putFile } from '../upload';
import { UploadProgress } from '../UploadProgress';
import { ATTACHMENT_TYPES, DOCUMENT_TYPES, attachmentProblem, contentTypeOf } from './rules';

interface Props {
  ownerType: OwnerType;
  ownerId: string;
  onUploaded(attachment: Attachment): void;
}

/**
 * Uploads one file straight to storage (presigned PUT, with progress), then asks
 * the server to check and record it.
 */
export function AttachmentUpload({ ownerType, ownerId, onUploaded }: Props) {
  const api = useTrajectory();
  const [file, setFile] = useState<File | null>(null);
  const [documentType, setDocumentType] = useState('');
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [dragging, setDragging] = useState(false);
  const id = useId();

  function choose(chosen: File | null) {
    setError(null);
    setFile(chosen);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!file) {
      setError('Choose a file to upload');
      return;
    }
    const problem = attachmentProblem(file);
    if (problem) {
      setError(problem);
      return;
    }
    const contentType = contentTypeOf(file);
    setProgress({ loaded: 0, total: file.size });
    try {
      const ticket = await api.attachmentUpload({
        owner_type: ownerType,
        owner_id: ownerId,
        filename: file.name,
        content_type: contentType,
        size: file.size,
      });
      await putFile(ticket.upload_url, file, contentType, (loaded, total) => setProgress({ loaded, total }));
      const attachment = await api.confirmAttachment({
        key: ticket.key,
        owner_type: ownerType,
        owner_id: ownerId,
        filename: file.name,
        ...(documentType ? { document_type: documentType } : {}),
      });
      onUploaded(attachment);
      setFile(null);
      setDocumentType('');
      setInputKey((k) => k + 1);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setProgress(null);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="card upload-form" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Upload a file</h3>
      <ErrorText message={error} />
      {progress && file && <UploadProgress name={file.name} loaded={progress.loaded} total={progress.total} />}
      <div className="field-row">
        <div className="field">
          <label id={`${id}-label`} htmlFor={`${id}-file`}>
            File
          </label>
          {/* The whole area opens the file picker, and takes a file dropped on it. */}
          <label
            htmlFor={`${id}-file`}
            className={`dropzone${dragging ? ' dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              if (progress === null) choose(e.dataTransfer.files?.[0] ?? null);
            }}
          >
            <input
              key={inputKey}
              id={`${id}-file`}
              className="visually-hidden"
              type="file"
              aria-labelledby={`${id}-label`}
              aria-describedby={`${id}-hint`}
              accept={[...ATTACHMENT_TYPES, '.heic'].join(',')}
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
              disabled={progress !== null}
            />
            <span className="button" aria-hidden="true">
              Choose a file
            </span>
            <span className="dropzone-text">{file ? file.name : 'or drop it here'}</span>
          </label>
          <p id={`${id}-hint`} className="hint">
            PDF, JPEG, PNG, WebP or HEIC, at most 25 MB.
          </p>
        </div>
        <SelectField label="Document type" name="document_type" options={DOCUMENT_TYPES} value={documentType} onChange={(e) => setDocumentType(e.target.value)} />
      </div>
      <SubmitButton pending={progress !== null} pendingLabel="Uploading…">
        Upload
      </SubmitButton>
    </form>
  );
}
