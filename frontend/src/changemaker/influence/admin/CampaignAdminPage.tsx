import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../../api/errors';
import type { Campaign, CampaignStatus } from '../../../api/influenceTypes';
import { useAuth } from '../../../auth/AuthContext';
import { DeleteSection } from '../../../shell/confirm';
import { FormError, Loading, Notice } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { LoadError } from '../../../trajectory/LoadError';
import { administersInfluence, useInfluence } from '../hooks';
import { STATUS_LABELS } from '../labels';
import { CampaignForm, fieldsOf } from './CampaignForm';
import { CampaignFigures } from './CampaignFigures';
import { CoverUpload } from './CoverUpload';
import { ReviewPanel } from './ReviewPanel';

/** The moves a campaign in each status offers. */
const MOVES: Record<CampaignStatus, { to: CampaignStatus; label: string }[]> = {
  draft: [{ to: 'active', label: 'Launch' }],
  active: [
    { to: 'paused', label: 'Pause' },
    { to: 'archived', label: 'Archive' },
  ],
  paused: [
    { to: 'active', label: 'Resume' },
    { to: 'archived', label: 'Archive' },
  ],
  archived: [],
};

/**
 * One campaign for its admins: its status and moves, its figures and chart, its
 * cover, its fields, duplication and deletion. A user who submitted it sees its
 * review and may edit it until it is approved.
 */
export function CampaignAdminPage() {
  const { id = '' } = useParams();
  const api = useInfluence();
  const navigate = useNavigate();
  const admin = administersInfluence(useAuth().user?.role);
  const load = useLoad(() => api.campaign(id), [api, id]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  usePageTitle(load.data?.title ?? 'Campaign');
  if (load.loading) return <Loading label="Loading the campaign…" />;
  if (load.error || !load.data) return <LoadError title="Campaign" message={load.error} retry={load.reload} />;
  const campaign = load.data;

  async function act(action: () => Promise<Campaign>, done: string) {
    setError(null);
    setSaved(null);
    try {
      load.setData(await action());
      setSaved(done);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function duplicate() {
    setError(null);
    try {
      const copy = await api.duplicateCampaign(campaign.id);
      navigate(`/changemaker/influence/campaigns/${copy.id}`);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const reviewing = campaign.review_status === 'pending' || campaign.review_status === 'rejected';
  return (
    <>
      <p className="crumbs">
        <Link to="/changemaker/influence">Campaigns</Link>
      </p>
      <div className="page-head">
        <h1>{campaign.title}</h1>
        <span className="badge">{STATUS_LABELS[campaign.status]}</span>
      </div>
      {campaign.status !== 'draft' && (
        <p>
          Public page: <Link to={`/campaigns/${campaign.slug}`}>/campaigns/{campaign.slug}</Link>
        </p>
      )}
      {saved && <Notice>{saved}</Notice>}
      <FormError message={error} />
      {campaign.review_status && (
        <ReviewPanel campaign={campaign} admin={admin} onDecide={(decision, note) => act(() => api.reviewCampaign(campaign.id, decision, note), 'The review is saved.')} />
      )}
      {admin && !(campaign.origin === 'user' && reviewing) && MOVES[campaign.status].length > 0 && (
        <div className="actions">
          {MOVES[campaign.status].map((move) => (
            <button
              key={move.to}
              type="button"
              className={move.to === 'active' ? 'primary' : undefined}
              onClick={() => act(() => api.moveCampaign(campaign.id, move.to), `The campaign is ${STATUS_LABELS[move.to].toLowerCase()}.`)}
            >
              {move.label}
            </button>
          ))}
          <button type="button" onClick={duplicate}>
            Duplicate
          </button>
        </div>
      )}
      {admin && <CampaignFigures campaign={campaign} />}
      {admin && <CoverUpload campaign={campaign} onChanged={load.setData} />}
      {(admin || campaign.review_status !== 'approved') && (
        <section aria-labelledby="fields-heading">
          <h2 id="fields-heading">Campaign</h2>
          <CampaignForm
            key={campaign.updated_at}
            initial={fieldsOf(campaign)}
            submission={campaign.origin === 'user'}
            submitLabel={admin ? 'Save' : 'Save and send for review'}
            onSave={async (fields) => {
              load.setData(await api.updateCampaign(campaign.id, { ...fields, updated_at: campaign.updated_at }));
              setSaved('The campaign is saved.');
            }}
          />
        </section>
      )}
      {campaign.email_count + campaign.mailto_count === 0 && (
        <DeleteSection name={campaign.title} noun="campaign" onConfirm={() => api.deleteCampaign(campaign.id)} then={admin ? '/changemaker/influence' : '/changemaker/influence/mine'}>
          The campaign and its page are deleted. Campaigns supporters wrote from are archived instead.
        </DeleteSection>
      )}
    </>
  );
}
