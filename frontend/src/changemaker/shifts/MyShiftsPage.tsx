import { useState } from 'react';
import { FormError, Loading, Notice } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useSubmit } from '../../shell/useSubmit';
import { LoadError } from '../../trajectory/LoadError';
import { shiftDay, shiftTimes, useShifts } from './api';

/** A signed-in volunteer's shifts: theirs, the others coming up, and a calendar feed to subscribe to. */
export function MyShiftsPage() {
  usePageTitle('My shifts');
  const api = useShifts();
  const mine = useLoad(() => api.mine(), [api]);
  const upcoming = useLoad(() => api.upcoming(), [api]);
  const submit = useSubmit([]);
  const [feed, setFeed] = useState<string | null>(null);
  const reload = () => {
    mine.reload();
    upcoming.reload();
  };
  if (mine.loading || upcoming.loading) return <Loading label="Loading your shifts…" />;
  if (mine.error || !mine.data) return <LoadError title="My shifts" message={mine.error} retry={mine.reload} />;
  const open = (upcoming.data?.data ?? []).filter((s) => !s.my_status);
  return (
    <section aria-labelledby="my-shifts">
      <h1 id="my-shifts">My shifts</h1>
      <FormError message={submit.error} />
      {mine.data.shifts.length === 0 && <p>You are not signed up for any shift.</p>}
      <ul className="shift-list">
        {mine.data.shifts.map(({ shift, status }) => (
          <li key={shift.id} className="card shift-card">
            <strong>{shift.title}</strong> {status === 'waitlisted' && <span className="badge">Waitlist</span>}
            <p>
              {shiftDay(shift)}, {shiftTimes(shift)}
              {shift.location && <> · {shift.location}</>}
            </p>
            <button type="button" className="danger" disabled={submit.pending} onClick={() => void submit.run(async () => {
              await api.leave(shift.id);
              reload();
            })}>
              Cancel<span className="visually-hidden"> {shift.title}</span>
            </button>
          </li>
        ))}
      </ul>

      <h2>Calendar feed</h2>
      <p>Subscribe to your shifts in your calendar program. Keep the address private; a new one ends the old.</p>
      {feed && (
        <Notice>
          <input className="feed-url" readOnly value={feed} aria-label="Your calendar feed address" onFocus={(e) => e.target.select()} />{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(feed)}>
            Copy
          </button>
        </Notice>
      )}
      <div className="actions">
        <button type="button" disabled={submit.pending} onClick={() => void submit.run(async () => {
          setFeed((await api.newFeed()).url);
          mine.reload();
        })}>
          {mine.data.feed_created_at ? 'Make a new feed address' : 'Make my feed address'}
        </button>
        {mine.data.feed_created_at && (
          <button type="button" className="danger" disabled={submit.pending} onClick={() => void submit.run(async () => {
            await api.revokeFeed();
            setFeed(null);
            mine.reload();
          })}>
            Turn the feed off
          </button>
        )}
      </div>

      <h2>Other shifts coming up</h2>
      {open.length === 0 && <p className="muted">None right now.</p>}
      <ul className="shift-list">
        {open.map((shift) => (
          <li key={shift.id} className="card shift-card">
            <strong>{shift.title}</strong>
            <p>
              {shiftDay(shift)}, {shiftTimes(shift)} · {shift.spots_left > 0 ? `${shift.spots_left} places left` : 'full'}
            </p>
            <button type="button" className="primary" disabled={submit.pending} onClick={() => void submit.run(async () => {
              await api.join(shift.id);
              reload();
            })}>
              {shift.spots_left > 0 ? 'Sign up' : 'Join the waitlist'}
              <span className="visually-hidden"> for {shift.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
