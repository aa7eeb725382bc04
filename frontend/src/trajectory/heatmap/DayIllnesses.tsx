import { Link } from 'react-router-dom';
import type { Child } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { formatDate, today } from '../dates';
import { useTrajectory } from '../hooks';
import { ILLNESS_LABELS, canWrite } from '../labels';
import { ErrorText } from '../LoadError';

/** The illnesses ongoing on a day of the calendar, each with its dates (and an edit link for writers). */
export function DayIllnesses({ child, date }: { child: Child; date: string }) {
  const api = useTrajectory();
  const load = useLoad(async () => (await api.records(child.id, 'illnesses')).data, [api, child.id]);
  const ongoing = (load.data ?? []).filter((i) => i.start_date <= date && (i.end_date ?? today()) >= date);
  return (
    <section className="card day-illnesses" aria-labelledby="day-heading" aria-live="polite">
      <h3 id="day-heading">Illnesses on {formatDate(date)}</h3>
      {load.loading && <Loading label="Loading the illnesses…" />}
      <ErrorText message={load.error} />
      {load.data && ongoing.length === 0 && <p className="muted">None recorded on this day.</p>}
      {ongoing.length > 0 && (
        <ul className="plain-list">
          {ongoing.map((i) => (
            <li key={i.id}>
              <strong>{i.illness_types.map((t) => ILLNESS_LABELS[t] ?? t).join(', ')}</strong>{' '}
              <span className="muted">
                from {formatDate(i.start_date)} {i.end_date ? `to ${formatDate(i.end_date)}` : '(ongoing)'}
              </span>
              {canWrite(child.role) && (
                <>
                  {' '}
                  <Link to={`/trajectory/children/${child.id}/illnesses/${i.id}/edit?from=illnesses`}>Edit illness</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
