import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { LoadError } from '../../trajectory/LoadError';
import { byDay, shiftTimes, useShifts } from './api';
import { today } from '../../trajectory/dates';

/** `date` moved by `days`, as YYYY-MM-DD. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The admins' agenda: four weeks of shifts grouped by day, with their places and waitlists. */
export function ShiftCalendarPage() {
  usePageTitle('Shift calendar');
  const api = useShifts();
  const [from, setFrom] = useState(() => today());
  const to = addDays(from, 27);
  const load = useLoad(() => api.list(from, to), [api, from, to]);
  return (
    <section aria-labelledby="calendar-heading">
      <h1 id="calendar-heading">Shift calendar</h1>
      <div className="actions calendar-nav">
        <button type="button" onClick={() => setFrom(addDays(from, -28))}>
          Earlier
        </button>
        <span className="muted">
          {from} to {to}
        </span>
        <button type="button" onClick={() => setFrom(addDays(from, 28))}>
          Later
        </button>
        <Link to="/changemaker/shifts/new" className="button primary">
          New shift
        </Link>
      </div>
      {load.loading && <Loading label="Loading shifts…" />}
      {load.error && <LoadError title="Shifts" message={load.error} retry={load.reload} />}
      {load.data && load.data.data.length === 0 && <p>No shift in these four weeks.</p>}
      {load.data &&
        byDay(load.data.data).map(([day, shifts]) => (
          <section key={day} className="shift-day" aria-label={day}>
            <h2>{day}</h2>
            <ul className="shift-list">
              {shifts.map((shift) => (
                <li key={shift.id} className="card shift-card">
                  <Link to={`/changemaker/shifts/${shift.id}`}>
                    <strong>{shift.title}</strong>
                  </Link>
                  <p>
                    {shiftTimes(shift)}
                    {shift.location && <> · {shift.location}</>}
                  </p>
                  <p className="muted">
                    {shift.confirmed_count} of {shift.capacity} signed up
                    {shift.waitlisted_count > 0 && ` · ${shift.waitlisted_count} waiting`}
                    {shift.series_id && ' · repeats'}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </section>
  );
}
