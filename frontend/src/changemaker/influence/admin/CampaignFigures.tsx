import { Link } from 'react-router-dom';
import type { Campaign } from '../../../api/influenceTypes';
import { Loading } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { useInfluence } from '../hooks';
import { EmailsChart } from './EmailsChart';

/** A campaign's counts and its emails-per-day chart. */
export function CampaignFigures({ campaign }: { campaign: Campaign }) {
  const api = useInfluence();
  const load = useLoad(() => api.stats(campaign.id), [api, campaign.id, campaign.updated_at]);
  if (load.loading) return <Loading label="Loading the figures…" />;
  if (!load.data) return null;
  const stats = load.data;
  const figures = [
    { label: 'Emails sent', value: stats.sent },
    { label: 'Queued', value: stats.queued },
    { label: 'Failed', value: stats.failed },
    { label: 'Mail app', value: stats.mailto },
    { label: 'Supporters', value: stats.supporters },
    { label: 'Responses to moderate', value: stats.responses_pending },
  ];
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">Figures</h2>
      <div className="stats">
        {figures.map((f) => (
          <div key={f.label} className="card">
            <h3>{f.label}</h3>
            <p className="stat-value">{f.value}</p>
          </div>
        ))}
      </div>
      <EmailsChart stats={stats} />
      <p>
        <Link to={`/changemaker/influence/emails?campaign=${campaign.id}`}>Email queue of this campaign</Link>
        {' · '}
        <Link to={`/changemaker/influence/responses?campaign=${campaign.id}`}>Its responses</Link>
      </p>
    </section>
  );
}
