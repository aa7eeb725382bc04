import { Link } from 'react-router-dom';
import { Loading } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { LoadError } from '../../../trajectory/LoadError';
import { useInfluence } from '../hooks';
import { STATUS_LABELS } from '../labels';

/** The campaigns the user proposed, with where each is in review. */
export function MyCampaignsPage() {
  usePageTitle('My campaigns');
  const api = useInfluence();
  const load = useLoad(() => api.myCampaigns(), [api]);
  if (load.loading) return <Loading label="Loading your campaigns…" />;
  if (load.error || !load.data) return <LoadError title="My campaigns" message={load.error} retry={load.reload} />;
  return (
    <>
      <div className="page-head">
        <h1>My campaigns</h1>
        <Link to="/changemaker/influence/submit" className="button primary">
          Propose a campaign
        </Link>
      </div>
      {load.data.data.length === 0 && <p>You have not proposed a campaign yet.</p>}
      <ul className="members">
        {load.data.data.map((c) => (
          <li key={c.id} className="member">
            <Link to={`/changemaker/influence/campaigns/${c.id}`}>{c.title}</Link>
            <span className="muted">
              {STATUS_LABELS[c.status]}
              {c.review_status === 'pending' && ' · waiting for review'}
              {c.review_status === 'rejected' && ' · changes asked for'}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
