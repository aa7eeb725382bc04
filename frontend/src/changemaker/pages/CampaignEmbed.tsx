/**
 * A campaign embedded in a landing page: its cover, title, description and
 * count of emails written, with the way in to its public page. When the
 * campaign cannot be shown (not live, gone, offline) the block still offers
 * the link, so a published page never loses its call to action.
 */
import { useLoad } from '../../shell/useLoad';
import { useInfluence } from '../influence/hooks';

export function CampaignEmbed({ slug }: { slug: string }) {
  const api = useInfluence();
  const campaign = useLoad(() => api.publicCampaign(slug), [api, slug]);
  const href = `/campaigns/${encodeURIComponent(slug)}`;
  const c = campaign.data;
  return (
    <div className="lp-campaign" aria-busy={campaign.loading}>
      {c?.cover_url && <img className="lp-campaign-cover" src={c.cover_url} alt="" />}
      {c ? (
        <>
          <h2>{c.title}</h2>
          {c.description && <p className="lp-campaign-text">{c.description}</p>}
          {c.email_count != null && (
            <p className="muted">
              {c.email_count === 1 ? '1 email written so far' : `${c.email_count.toLocaleString()} emails written so far`}
            </p>
          )}
        </>
      ) : (
        campaign.loading && <p className="muted">Loading the campaign…</p>
      )}
      <p>
        <a className="button primary lp-button" href={href}>
          {c?.call_to_action || 'Take part in the campaign'}
        </a>
      </p>
    </div>
  );
}
