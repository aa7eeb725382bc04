import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/errors';
import type { ExportJob } from '../api/trajectoryTypes';
import { useTrajectory } from './hooks';
import { ErrorText } from './LoadError';

/** How often the status of a running export is asked for. */
export const EXPORT_POLL_MS = 1500;

/**
 * Starts an export of the whole family, follows its progress, and offers the
 * archive when it is ready (a presigned URL, valid for a day).
 */
export function ExportPanel({ familyId, pollMs = EXPORT_POLL_MS }: { familyId: string; pollMs?: number }) {
  const api = useTrajectory();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const running = job !== null && (job.status === 'queued' || job.status === 'running');

  useEffect(() => {
    if (!job || !running) return;
    timer.current = setTimeout(() => {
      api.exportStatus(job.id).then(setJob, (caught: unknown) => setError(errorMessage(caught)));
    }, pollMs);
    return () => clearTimeout(timer.current);
  }, [api, job, running, pollMs]);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      setJob(await api.startExport(familyId));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setStarting(false);
    }
  }

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p className="muted">
        One ZIP archive with every record of this family, a CSV per record type, a printable report and all files.
      </p>
      <ErrorText message={error} />
      {job && running && (
        <div className="progress-line">
          <label htmlFor="export-progress">Preparing the export… {job.progress}%</label>
          <progress id="export-progress" max={100} value={job.progress} />
        </div>
      )}
      {job?.status === 'failed' && <ErrorText message={job.error || 'The export failed. Try again.'} />}
      {job?.status === 'ready' && job.download_url && (
        <p role="status" className="alert alert-info">
          The export is ready.{' '}
          <a href={job.download_url} download={job.filename ?? true}>
            Download the export
          </a>{' '}
          (the link works for 24 hours).
        </p>
      )}
      {job?.status === 'ready' && job.warning && <p className="alert alert-info">{job.warning}</p>}
      {!running && (
        <button type="button" onClick={start} disabled={starting} aria-busy={starting}>
          {starting ? 'Starting…' : job ? 'Export again' : 'Export family data'}
        </button>
      )}
    </section>
  );
}
