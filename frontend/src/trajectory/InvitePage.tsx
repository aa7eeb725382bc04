import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../api/errors';
import { useAuth } from '../auth/AuthContext';
import { Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { formatDay } from './dates';
import { useTrajectory } from './hooks';
import { ROLE_LABELS } from './labels';
import { ErrorText } from './LoadError';

/**
 * The page the emailed invitation links to (`/invite?token=...`). Anyone may see
 * what the invitation offers; accepting needs the account that uses the invited
 * address (with that address confirmed), so a signed-out visitor logs in or
 * registers first and comes back here.
 */
export function InvitePage() {
  usePageTitle('Invitation');
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const { user } = useAuth();
  const api = useTrajectory();
  const navigate = useNavigate();
  const preview = useLoad(() => (token ? api.previewInvite(token) : Promise.reject(new Error('This link has no invitation token.'))), [api, token]);
  const [accepting, setAccepting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unverified, setUnverified] = useState(false);

  async function accept() {
    setAccepting(true);
    setError(null);
    try {
      const membership = await api.acceptInvite(token);
      navigate(`/trajectory/families/${membership.family_id}`, { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 409 ? 'You are already a member of this family.' : errorMessage(caught));
      setUnverified(caught instanceof ApiError && caught.code === 'EMAIL_NOT_VERIFIED');
      setAccepting(false);
    }
  }

  if (preview.loading) return <Loading label="Loading the invitation…" />;
  if (preview.error || !preview.data) {
    return (
      <section>
        <h1>Invitation</h1>
        <ErrorText message={preview.error} />
        <p>
          Ask the person who invited you for a new invitation. <Link to="/">Go to the start page</Link>.
        </p>
      </section>
    );
  }

  const invite = preview.data;
  const here = `/invite?token=${encodeURIComponent(token)}`;
  return (
    <section className="invite">
      <h1>Join {invite.family_name}</h1>
      <p>
        {invite.invited_by} invited {invite.email} to <strong>{invite.family_name}</strong> on Trajectory as{' '}
        <strong>{ROLE_LABELS[invite.role].toLowerCase()}</strong>
        {invite.role === 'read_only' ? ' (you will be able to read records, not change them)' : ''}.
      </p>
      <p className="muted">The invitation expires on {formatDay(invite.expires_at)}.</p>
      <ErrorText message={error} />
      {unverified && (
        <p>
          <Link to="/profile">Confirm your email address in your profile</Link>, then come back to this page.
        </p>
      )}
      {user ? (
        user.email.toLowerCase() !== invite.email.toLowerCase() ? (
          <p className="alert alert-info">
            You are signed in as {user.email}, but only the account that uses {invite.email} can accept this
            invitation. Sign in with that account, or ask {invite.invited_by} to invite {user.email}.
          </p>
        ) : (
          <button type="button" className="primary" onClick={accept} disabled={accepting} aria-busy={accepting}>
            {accepting ? 'Joining…' : `Join ${invite.family_name}`}
          </button>
        )
      ) : (
        <div className="actions">
          <Link className="button primary" to={`/login?next=${encodeURIComponent(here)}`}>
            Log in to accept
          </Link>
          <Link className="button" to={`/register?next=${encodeURIComponent(here)}`}>
            Create an account
          </Link>
        </div>
      )}
    </section>
  );
}
