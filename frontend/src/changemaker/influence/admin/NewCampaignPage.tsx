import { Link, useNavigate } from 'react-router-dom';
import { usePageTitle } from '../../../shell/usePageTitle';
import { useInfluence } from '../hooks';
import { CampaignForm, emptyFields } from './CampaignForm';

/**
 * A new campaign: an admin's draft, or (`submission`) a user's proposal that
 * waits for review.
 */
export function NewCampaignPage({ submission = false }: { submission?: boolean }) {
  usePageTitle(submission ? 'Propose a campaign' : 'New campaign');
  const api = useInfluence();
  const navigate = useNavigate();
  return (
    <>
      <p className="crumbs">
        <Link to={submission ? '/changemaker/influence/mine' : '/changemaker/influence'}>Campaigns</Link>
      </p>
      <h1>{submission ? 'Propose a campaign' : 'New campaign'}</h1>
      {submission && (
        <p>
          An organiser reads your proposal before it goes live. Supporters of a proposed campaign write from their own
          email app.
        </p>
      )}
      <CampaignForm
        initial={emptyFields()}
        submission={submission}
        submitLabel={submission ? 'Send for review' : 'Create the draft'}
        onSave={async (fields) => {
          const campaign = submission ? await api.submitCampaign(fields) : await api.createCampaign(fields);
          navigate(`/changemaker/influence/campaigns/${campaign.id}`);
        }}
      />
    </>
  );
}
