import { ROLES } from '../api/types';
import { useApi } from '../auth/AuthContext';
import { Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';

export function StatsCards() {
  const api = useApi();
  const stats = useLoad(() => api.adminStats(), [api]);

  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">Overview</h2>
      {stats.loading && <Loading />}
      {stats.error && (
        <p role="alert" className="alert alert-error">
          {stats.error}
        </p>
      )}
      {stats.data && (
        <div className="stats">
          <Stat label="Users" value={stats.data.users_total} />
          <Stat label="Disabled users" value={stats.data.users_disabled} />
          <Stat label="Active sessions" value={stats.data.active_sessions} />
          <Stat label="Emails sent" value={stats.data.emails_sent} />
          <Stat label="Jobs waiting in outbox" value={stats.data.outbox_pending} />
          <div className="card stat">
            <h3>Users by role</h3>
            <dl className="role-counts">
              {ROLES.filter((role) => stats.data?.users_by_role[role]).map((role) => (
                <div key={role}>
                  <dt>{role}</dt>
                  <dd>{stats.data?.users_by_role[role]}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      )}
    </section>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="card stat">
      <h3>{label}</h3>
      <p className="stat-value">{value.toLocaleString()}</p>
    </div>
  );
}
