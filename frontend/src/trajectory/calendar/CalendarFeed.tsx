import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { CalendarFeed as Feed, Family } from '../../api/trajectoryTypes';
import { ConfirmButton } from '../../shell/confirm';
import { FormError, Loading, Notice } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { formatDay } from '../dates';
import { useTrajectory } from '../hooks';

/**
 * "Subscribe in your calendar": a private feed URL of the family's visits and
 * appointments that a phone's calendar keeps up to date. The owner makes,
 * replaces and revokes it; the URL is shown once, when made (the server keeps
 * only a hash of it), so replacing it is how to see a URL again. Other members
 * see whether one exists.
 */
export function CalendarFeed({ family }: { family: Family }) {
  const api = useTrajectory();
  const owner = family.role === 'owner';
  const load = useLoad(() => api.calendarFeed(family.id), [api, family.id]);
  const [url, setUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(action: () => Promise<Feed | void>, done: string) {
    setError(null);
    setNotice(null);
    try {
      const feed = await action();
      setUrl(feed?.url ?? null);
      load.setData(feed ? { ...feed, url: null } : { active: false, created_at: null, url: null });
      setNotice(done);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setNotice('Link copied. Add it in your calendar app as a subscription (“From URL”).');
    } catch {
      setNotice('Select the link and copy it.');
    }
  }

  const feed = load.data;
  return (
    <section className="card" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">Subscribe in your calendar</h2>
      <p className="muted">
        Every visit and appointment of {family.name}’s children in your phone’s calendar, kept up to date. Anyone with
        the link can read these visits, so keep it to yourself.
      </p>
      {load.loading && <Loading label="Loading…" />}
      <FormError message={load.error ?? error} />
      {notice && <Notice>{notice}</Notice>}
      {url && (
        <div className="feed-link">
          <label htmlFor="calendar-feed-url">Your calendar link (shown this once)</label>
          <input id="calendar-feed-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="primary" onClick={() => void copy()}>
            Copy link
          </button>
        </div>
      )}
      {feed && !url && (
        <p>
          {feed.active && feed.created_at
            ? `A calendar link was made on ${formatDay(feed.created_at)}.`
            : 'There is no calendar link yet.'}
          {!owner && ' Only an owner of the family can make or revoke it.'}
        </p>
      )}
      {owner && feed && (
        <div className="actions">
          {feed.active ? (
            <>
              <ConfirmButton
                label="Make a new link"
                className=""
                confirmLabel="Yes, replace the link"
                question="The current link stops working. Replace it?"
                onConfirm={() => act(() => api.makeCalendarFeed(family.id), 'A new link is ready; the old one no longer works.')}
              />
              <ConfirmButton
                label="Revoke the link"
                confirmLabel="Yes, revoke it"
                question="Calendars subscribed to it stop updating. Revoke the link?"
                onConfirm={() => act(() => api.revokeCalendarFeed(family.id), 'The calendar link was revoked.')}
              />
            </>
          ) : (
            <button type="button" className="primary" onClick={() => void act(() => api.makeCalendarFeed(family.id), 'Your calendar link is ready.')}>
              Make a calendar link
            </button>
          )}
        </div>
      )}
    </section>
  );
}
