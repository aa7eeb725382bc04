import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { LoadError, RetryError } from '../../trajectory/LoadError';
import { formatMoment } from '../../trajectory/dates';
import { useCanvassApi } from './api';
import { Coverage, distanceText } from './Coverage';
import type { CanvassDashboard, CanvassVisit } from './types';
import { doorLabel } from './VisitSheet';
import { outcomeLabel, supportLabel } from './visitRules';

/** How often the dashboard and its feed are asked again. */
export const POLL_MS = 10_000;

/** Visits the live feed shows. */
const FEED_SIZE = 50;

/**
 * The organisers' live view of canvassing: today's totals, who is out now, the
 * latest visits as they arrive (asked again every ten seconds while the page is
 * in view), the leaderboard of the last seven days and how far each cut is done.
 */
export function DashboardPage() {
  usePageTitle('Canvass dashboard');
  const api = useCanvassApi();
  const board = useLoad(() => api.dashboard(), [api]);
  const feed = useLoad(() => api.visits({ limit: FEED_SIZE }), [api]);
  const { reload: reloadBoard } = board;
  const { reload: reloadFeed } = feed;

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'hidden') return;
      reloadBoard();
      reloadFeed();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reloadBoard, reloadFeed]);

  if (!board.data && board.loading) return <Loading label="Loading the dashboard…" />;
  if (!board.data) return <LoadError title="Canvass dashboard" message={board.error} retry={board.reload} />;
  const { totals, active_sessions, leaderboard, cuts } = board.data;
  return (
    <section aria-labelledby="dashboard-heading" className="canvass-dashboard">
      <div className="page-head">
        <h1 id="dashboard-heading">Canvass dashboard</h1>
        <Link to="/changemaker/map">Map and cuts</Link>
      </div>
      <RetryError message={board.error} retry={board.reload} />
      <dl className="stats" aria-label="Today">
        <Stat label="Visits today" value={totals.visits_today} id="visits-today" />
        <Stat label="Out now" value={totals.active_sessions} id="active-sessions" />
        <Stat label="Volunteers today" value={totals.volunteers_today} id="volunteers-today" />
      </dl>

      <h2>Out now</h2>
      <ActiveSessions sessions={active_sessions} />

      <h2>Latest visits</h2>
      <RetryError message={feed.error} retry={feed.reload} />
      {feed.data ? <Feed visits={feed.data.data} /> : !feed.error && <Loading label="Loading the visits…" />}

      <h2>Leaderboard</h2>
      <p className="muted">The last seven days.</p>
      <Leaderboard rows={leaderboard} />

      <h2>Cuts</h2>
      {cuts.length === 0 ? (
        <p className="muted">No cut yet.</p>
      ) : (
        <ul className="cut-list" aria-label="Completion per cut">
          {cuts.map((cut) => (
            <li key={cut.cut_id} className="card cut-card" style={{ borderLeftColor: cut.colour }}>
              <h3>{cut.name}</h3>
              <Coverage name={cut.name} visited={cut.visited} addresses={cut.addresses} pct={cut.coverage_pct} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Stat({ label, value, id }: { label: string; value: number; id: string }) {
  return (
    <div className="card">
      <dt>{label}</dt>
      <dd className="stat-value" data-testid={id}>
        {value}
      </dd>
    </div>
  );
}

function ActiveSessions({ sessions }: { sessions: CanvassDashboard['active_sessions'] }) {
  if (sessions.length === 0) return <p className="muted">Nobody is out canvassing right now.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Sessions under way">
        <thead>
          <tr>
            <th>Volunteer</th>
            <th>Cut</th>
            <th>Started</th>
            <th>Last activity</th>
            <th>Visits</th>
            <th>Walked</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.volunteer_name}</td>
              <td>{s.cut_name}</td>
              <td>{formatMoment(s.started_at)}</td>
              <td>{formatMoment(s.last_activity_at)}</td>
              <td>{s.visits}</td>
              <td>{distanceText(s.distance_m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The latest visits, newest first, as the server orders them. */
function Feed({ visits }: { visits: CanvassVisit[] }) {
  if (visits.length === 0) return <p className="muted">No visit yet.</p>;
  return (
    <ol className="feed" aria-label="Latest visits">
      {visits.map((v) => (
        <li key={v.id} className="feed-item">
          <time dateTime={v.visited_at} className="muted">
            {formatMoment(v.visited_at)}
          </time>{' '}
          <strong>{doorLabel(v)}</strong> · {outcomeLabel(v.outcome)}
          {v.support_level !== null && <> · support {supportLabel(v.support_level)}</>}
          {v.sign_requested && <> · wants a {v.sign_size ? `${v.sign_size} ` : ''}sign</>}
          <span className="muted"> · {v.volunteer_name}</span>
        </li>
      ))}
    </ol>
  );
}

function Leaderboard({ rows }: { rows: CanvassDashboard['leaderboard'] }) {
  if (rows.length === 0) return <p className="muted">No visit in the last seven days.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Leaderboard" className="compact">
        <thead>
          <tr>
            <th>Volunteer</th>
            <th>Visits</th>
            <th>Spoke with</th>
            <th>Sessions</th>
            <th>Walked</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.volunteer_id}>
              <td>{r.volunteer_name}</td>
              <td>{r.visits}</td>
              <td>{r.spoke_with}</td>
              <td>{r.sessions}</td>
              <td>{distanceText(r.distance_m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
