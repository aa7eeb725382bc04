import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/errors';
import type { AssignableRole, Invite } from '../../api/trajectoryTypes';
import { Field, FormError, Loading, SelectField, SubmitButton } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useSubmit } from '../../shell/useSubmit';
import { collect } from '../../shell/validation';
import { formatDay } from '../dates';
import { useTrajectory } from '../hooks';
import { ROLE_LABELS } from '../labels';
import { ErrorText } from '../LoadError';
import { emailProblem } from '../validation';

const ROLE_OPTIONS = [
  { value: 'parent', label: `${ROLE_LABELS.parent}: reads and writes every record` },
  { value: 'read_only', label: `${ROLE_LABELS.read_only}: only reads` },
];

/** Who created an invitation, as the list shows it. */
export function inviterName(invite: Invite): string {
  return invite.invited_by.display_name || invite.invited_by.username;
}

/**
 * Pending invitations with who created each, and a form to invite someone by
 * email (owners and parents). The link goes only to the invited address, and
 * only the account that uses that address can accept it.
 */
export function Invites({ familyId }: { familyId: string }) {
  const api = useTrajectory();
  const load = useLoad(() => api.invites(familyId), [api, familyId]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AssignableRole>('parent');
  const [sent, setSent] = useState<Invite | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const { pending, error, fieldErrors, run } = useSubmit(['email', 'role']);
  const invites = load.data ?? [];

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    await run(async () => {
      const invite = await api.invite(familyId, email.trim(), role);
      setSent(invite);
      setEmail('');
      load.setData([invite, ...invites]);
    }, collect({ email: emailProblem(email) }));
  }

  async function revoke(invite: Invite) {
    setListError(null);
    try {
      await api.revokeInvite(familyId, invite.id);
      load.setData(invites.filter((i) => i.id !== invite.id));
    } catch (caught) {
      setListError(errorMessage(caught));
    }
  }

  return (
    <section className="card" aria-labelledby="invites-heading">
      <h2 id="invites-heading">Invitations</h2>
      <form onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <div className="field-row">
          <Field label="Email to invite" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldErrors.email} />
          <SelectField label="Role" name="role" options={ROLE_OPTIONS} value={role} onChange={(e) => setRole(e.target.value as AssignableRole)} error={fieldErrors.role} />
        </div>
        <SubmitButton pending={pending} pendingLabel="Sending…">
          Send invitation
        </SubmitButton>
      </form>
      {sent && (
        <div role="status" className="alert alert-info">
          <p>
            An invitation was emailed to {sent.email}. It works once, for 7 days, for the account that uses that
            address.
          </p>
        </div>
      )}
      <h3>Pending</h3>
      {load.loading && <Loading label="Loading invitations…" />}
      <ErrorText message={load.error ?? listError} />
      {load.data && invites.length === 0 && <p className="muted">No pending invitations.</p>}
      {invites.length > 0 && (
        <ul className="members">
          {invites.map((invite) => (
            <li key={invite.id} className="member">
              <div>
                <strong>{invite.email}</strong>
                <div className="muted">
                  {ROLE_LABELS[invite.role]} · invited by {inviterName(invite)} · expires{' '}
                  {formatDay(invite.expires_at)}
                </div>
              </div>
              <button type="button" onClick={() => revoke(invite)}>
                Withdraw invitation to {invite.email}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
