import { Link } from 'react-router-dom';
import type { PublicCampaign } from '../../api/influenceTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { LoadError } from '../../trajectory/LoadError';
import { useInfluence } from './hooks';

/** Every live campaign, featured ones first. */
export function CampaignListPage() {
  usePageTitle('Campaigns');
  const api = useInfluence();
  const load = useLoad(() => api.publicCampaigns(), [api]);
  if (load.loading) return <Loading label="Loading campaigns…" />;
  if (load.error || !load.data) return <LoadError title="Campaigns" message={load.error} retry={load.reload} />;
  const campaigns = load.data.data;
  return (
    <>
      <h1>Campaigns</h1>
      {campaigns.length === 0 && <p>No campaign is open right now. Come back soon.</p>}
      <ul className="campaign-cards">
        {campaigns.map((campaign) => (
          <CampaignCard key={campaign.id} campaign={campaign} />
        ))}
      </ul>
    </>
  );
}

function CampaignCard({ campaign }: { campaign: PublicCampaign }) {
  return (
    <li className="campaign-card">
      <Link to={`/campaigns/${campaign.slug}`}>
        {campaign.cover_url && <img src={campaign.cover_url} alt="" loading="lazy" />}
        <span className="campaign-card-body">
          <span className="campaign-card-title">
            {campaign.title}
            {campaign.featured && <span className="badge">Featured</span>}
          </span>
          {campaign.email_count !== null && <span className="muted">{writtenCount(campaign.email_count)}</span>}
        </span>
      </Link>
    </li>
  );
}

/** "1 email written", "1,204 emails written". */
export function writtenCount(count: number): string {
  return `${count.toLocaleString('en-CA')} ${count === 1 ? 'email' : 'emails'} written`;
}
