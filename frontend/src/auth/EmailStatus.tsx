import { useState } from 'react';
import { errorMessage } from '../api/errors';
import type { Me } from '../api/types';
import { FormError, Notice } from '../shell/forms';
import { useApi } from './AuthContext';

/**
 * Whether the account's address is confirmed (family invitations need it), a new
 * address waiting for its link, and a button that emails a confirmation link.
 */
export function EmailStatus({ me }: { me: Me }) {
  const api = useApi();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    setSending(true);
    setError(null);
    try {
      const answer = await api.sendVerification();
      setSent(answer.email);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSending(false);
    }
  }

  return (
    <div>
      {me.email_verified_at ? (
        <p>
          <strong>{me.email}</strong> is confirmed.
        </p>
      ) : (
        <>
          <p>
            <strong>{me.email}</strong> is not confirmed yet. Confirm it to accept family invitations.
          </p>
          {sent ? (
            <Notice>We sent a link to {sent}. Open it to confirm the address.</Notice>
          ) : (
            <button type="button" onClick={send} disabled={sending} aria-busy={sending}>
              {sending ? 'Sending…' : 'Email me a confirmation link'}
            </button>
          )}
        </>
      )}
      {me.pending_email && (
        <p className="muted">
          Waiting for <strong>{me.pending_email}</strong> to be confirmed: your address changes when the link sent
          there is opened.
        </p>
      )}
      <FormError message={error} />
    </div>
  );
}
