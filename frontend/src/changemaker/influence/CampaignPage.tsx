import { useParams } from 'react-router-dom';
import type { PublicCampaign } from '../../api/influenceTypes';
import { Loading, Notice } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { LoadError } from '../../trajectory/LoadError';
import { writtenCount } from './CampaignListPage';
import { useInfluence } from './hooks';
import { ResponseWall } from './ResponseWall';
import { SupporterFlow } from './SupporterFlow';

/** A campaign's public page: what it asks, the supporter's flow, and the response wall. */
export function CampaignPage() {
  const { slug = '' } = useParams();
  const api = useInfluence();
  const load = useLoad(() => api.publicCampaign(slug), [api, slug]);
  usePageTitle(load.data?.title ?? 'Campaign');
  if (load.loading) return <Loading label="Loading the campaign…" />;
  if (load.error || !load.data) return <LoadError title="Campaign" message={load.error} retry={load.reload} />;
  const campaign = load.data;
  return (
    <article className="campaign">
      {campaign.cover_url && <img className="campaign-cover" src={campaign.cover_url} alt="" />}
      <h1>{campaign.title}</h1>
      <EmailCount campaign={campaign} />
      {campaign.description && <p className="pre">{campaign.description}</p>}
      {campaign.status === 'active' ? (
        <SupporterFlow campaign={campaign} onWritten={(added) => bump(load.setData, campaign, added)} />
      ) : (
        <Notice>{campaign.status === 'paused' ? 'This campaign is paused for now.' : 'This campaign is closed. Thank you to everyone who wrote.'}</Notice>
      )}
      {campaign.show_response_wall && <ResponseWall campaign={campaign} />}
    </article>
  );
}

function EmailCount({ campaign }: { campaign: PublicCampaign }) {
  if (campaign.email_count === null) return null;
  return (
    <p className="campaign-count" aria-live="polite">
      {writtenCount(campaign.email_count)}
    </p>
  );
}

/** Counts the supporter's emails on the page at once. */
function bump(set: (c: PublicCampaign) => void, campaign: PublicCampaign, added: number) {
  if (campaign.email_count !== null) set({ ...campaign, email_count: campaign.email_count + added });
}
