import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import type { Attachment, Child, RecordKind } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { filesByOwner, filesOf } from '../attachments/owners';
import { useTrajectory } from '../hooks';
import { keepRecords } from '../offline';
import { canWrite } from '../labels';
import { ErrorText } from '../LoadError';
import { RECORD_NAMES } from '../records/RecordFormPage';
import { KIND_LABELS, KIND_ORDER, mergeEntries, type Entry, type Records } from './entries';
import { TimelineItem } from './TimelineItem';

/**
 * Every visit, measurement, illness and medical event of a child, newest first;
 * each shows how many files it has, and a visit the measurements taken at it.
 */
export function Timeline({ child }: { child: Child }) {
  const api = useTrajectory();
  const [shown, setShown] = useState<RecordKind | 'all'>('all');
  const load = useLoad(async () => {
    const [settled, files] = await Promise.all([
      Promise.allSettled(KIND_ORDER.map((kind) => api.records(child.id, kind))),
      // Without the files the timeline still works; it just cannot mark them.
      api.attachments('child', child.id).then(
        (page) => page.data,
        () => [] as Attachment[],
      ),
    ]);
    const records = { visits: [], measurements: [], 'medical-events': [], illnesses: [] } as unknown as Records;
    const failures: string[] = [];
    settled.forEach((result, i) => {
      const kind = KIND_ORDER[i];
      if (result.status === 'fulfilled') (records[kind] as unknown[]) = result.value.data;
      else failures.push(`${KIND_LABELS[kind]} could not be loaded: ${errorMessage(result.reason)}`);
    });
    if (failures.length === 0) keepRecords(child, records);
    return { entries: mergeEntries(records), measurements: records.measurements, files: filesByOwner(files), failures };
  }, [api, child.id]);
  const writer = canWrite(child.role);

  function removed(entry: Entry) {
    if (!load.data) return;
    load.setData({ ...load.data, entries: load.data.entries.filter((e) => e.record.id !== entry.record.id) });
  }

  const entries = (load.data?.entries ?? []).filter((e) => shown === 'all' || e.kind === shown);
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="visually-hidden">
        Timeline
      </h2>
      {writer && (
        <div className="actions add-records">
          {(['visits', 'measurements', 'illnesses', 'medical-events'] as const).map((kind) => (
            <Link key={kind} className="button" to={`/trajectory/children/${child.id}/new/${kind}`}>
              Add {RECORD_NAMES[kind]}
            </Link>
          ))}
        </div>
      )}
      <div className="filters" role="group" aria-label="Show">
        {(['all', ...KIND_ORDER] as const).map((kind) => (
          <button key={kind} type="button" aria-pressed={shown === kind} onClick={() => setShown(kind)}>
            {kind === 'all' ? 'All' : KIND_LABELS[kind]}
          </button>
        ))}
      </div>
      {load.loading && !load.data && <Loading label="Loading the timeline…" />}
      {load.error && <ErrorText message={load.error} />}
      {load.data?.failures.map((f) => <ErrorText key={f} message={f} />)}
      {load.data && entries.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {entries.length > 0 && (
        <ol className="timeline" aria-label="Records">
          {entries.map((entry) => (
            <TimelineItem
              key={`${entry.kind}-${entry.record.id}`}
              child={child}
              entry={entry}
              files={filesOf(load.data!.files, entry.kind, entry.record.id)}
              measurements={entry.kind === 'visits' ? load.data!.measurements.filter((m) => m.visit_id === entry.record.id) : []}
              writer={writer}
              onDeleted={removed}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
