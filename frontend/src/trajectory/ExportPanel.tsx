import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/errors';
import type { ExportJob } from '../api/trajectoryTypes';
import { formatMoment } from './dates';
import { useTrajectory } from './hooks';
import { ErrorText } from './LoadError';
import { saveFile } from './saveFile';

/** How often the status of a running export is asked for. */
export const EXPORT_POLL_MS = 1500;

/**
 * Starts an export of the whole family, follows its progress, and offers the
 * archive while it is kept (seven days). Each download asks the API, which checks
 * access and hands out a link for that download only. A family can be exported
 * once an hour; asking sooner shows the export that stands for this hour.
 */
export function ExportPanel({ familyId, pollMs = EXPORT_POLL_MS }: { familyId: string; pollMs?: number }) {
  const api = useTrajectory();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nextAt, setNextAt] = useState<string | null>(null);
  const [busy, setBusy] = useState<'starting' | 'downloading' | null>(null);
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
    setBusy('starting');
    setError(null);
    try {
      setJob(await api.startExport(familyId));
      setNextAt(null);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429) {
        const { next_export_at: next, export_id: recent } = caught.details;
        setNextAt(typeof next === 'string' ? next : null);
        if (typeof recent === 'string') setJob(await api.exportStatus(recent).catch(() => null));
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setBusy(null);
    }
  }

  async function download(ready: ExportJob) {
    setBusy('downloading');
    setError(null);
    try {
      saveFile(await api.exportFile(ready.id), ready.filename ?? 'export.zip');
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'EXPORT_EXPIRED') {
        setJob({ ...ready, status: 'expired' });
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setBusy(null);
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
          {/* Until the worker reports a step the bar moves on its own (indeterminate), so it never looks stuck. */}
          {job.progress > 0 ? (
            <progress id="export-progress" max={100} value={job.progress} />
          ) : (
            <progress id="export-progress" max={100} />
          )}
        </div>
      )}
      {job?.status === 'failed' && <ErrorText message={job.error || 'The export failed. Try again.'} />}
      {job?.status === 'ready' && (
        <p role="status" className="alert alert-info">
          The export is ready.{' '}
          <button type="button" onClick={() => download(job)} disabled={busy !== null} aria-busy={busy === 'downloading'}>
            Download the export
          </button>{' '}
          {job.expires_at && `(kept until ${formatMoment(job.expires_at)}, then deleted).`}
        </p>
      )}
      {job?.status === 'ready' && job.warning && <p className="alert alert-info">{job.warning}</p>}
      {job?.status === 'expired' && (
        <p className="alert alert-info">This archive has been deleted. Start a new export to get the records.</p>
      )}
      {nextAt && (
        <p role="status" className="alert alert-info">
          This family was exported less than an hour ago. The next export can start at {formatMoment(nextAt)}.
        </p>
      )}
      {!running && !nextAt && (
        <button type="button" onClick={start} disabled={busy !== null} aria-busy={busy === 'starting'}>
          {busy === 'starting' ? 'Starting…' : job ? 'Export again' : 'Export family data'}
        </button>
      )}
    </section>
  );
}
