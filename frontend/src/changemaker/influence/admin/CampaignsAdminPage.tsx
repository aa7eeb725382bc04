import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CampaignListItem, CampaignStatus } from '../../../api/influenceTypes';
import { Loading } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { LoadError } from '../../../trajectory/LoadError';
import { useInfluence } from '../hooks';
import { STATUS_LABELS } from '../labels';
import { Pager } from '../Pager';

type Filter = 'all' | 'review' | CampaignStatus;

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'review', label: 'Waiting for review' },
  { value: 'active', label: 'Active' },
  { value: 'draft', label: 'Drafts' },
  { value: 'paused', label: 'Paused' },
  { value: 'archived', label: 'Archived' },
];

/** Every campaign with its emails by status; the review queue is one filter away. */
export function CampaignsAdminPage() {
  usePageTitle('Campaigns');
  const api = useInfluence();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const load = useLoad(
    () =>
      api.campaigns({
        review: filter === 'review' ? 'pending' : undefined,
        status: filter === 'all' || filter === 'review' ? undefined : filter,
        page,
      }),
    [api, filter, page],
  );
  return (
    <>
      <div className="page-head">
        <h1>Campaigns</h1>
        <Link to="/changemaker/influence/campaigns/new" className="button primary">
          New campaign
        </Link>
      </div>
      <div className="filters" role="group" aria-label="Show">
        {FILTERS.map((f) => (
          <button key={f.value} type="button" aria-pressed={filter === f.value} onClick={() => { setFilter(f.value); setPage(1); }}>
            {f.label}
          </button>
        ))}
      </div>
      {load.loading && <Loading label="Loading campaigns…" />}
      {load.error && <LoadError title="" message={load.error} retry={load.reload} />}
      {load.data && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Campaign</th>
                  <th>Status</th>
                  <th>Sent</th>
                  <th>Failed</th>
                  <th>Mail app</th>
                  <th>Responses to moderate</th>
                </tr>
              </thead>
              <tbody>
                {load.data.data.map((c) => (
                  <CampaignRow key={c.id} campaign={c} />
                ))}
              </tbody>
            </table>
          </div>
          {load.data.data.length === 0 && <p className="muted">No campaign here.</p>}
          <Pager meta={load.data.meta} onPage={setPage} />
        </>
      )}
    </>
  );
}

function CampaignRow({ campaign }: { campaign: CampaignListItem }) {
  return (
    <tr>
      <td>
        <Link to={`/changemaker/influence/campaigns/${campaign.id}`}>{campaign.title}</Link>
        {campaign.origin === 'user' && <span className="badge">Submitted</span>}
        {campaign.featured && <span className="badge">Featured</span>}
      </td>
      <td>
        {STATUS_LABELS[campaign.status]}
        {campaign.review_status === 'pending' && ' · waiting for review'}
      </td>
      <td>{campaign.sent}</td>
      <td>{campaign.failed}</td>
      <td>{campaign.mailto_count}</td>
      <td>{campaign.pending_responses}</td>
    </tr>
  );
}
