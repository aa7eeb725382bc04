import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { EmailConfirmed } from '../api/types';
import { FormError, Notice, SubmitButton } from '../shell/forms';
import { usePageTitle } from '../shell/usePageTitle';
import { useSubmit } from '../shell/useSubmit';
import { useAuth } from './AuthContext';

/**
 * The page an address confirmation link opens: `/verify-email?token=...`. It
 * confirms only when the person presses the button, never on load: mail
 * scanners open links (and some run their scripts), and a scanner must not
 * create an account someone else asked for with this address.
 */
export function VerifyEmailPage() {
  usePageTitle('Confirm your email address');
  const { api, user } = useAuth();
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const [done, setDone] = useState<EmailConfirmed | null>(null);
  const { pending, error, run } = useSubmit([]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const confirmed = await api.verifyEmail(token);
      // A signed-in account picks up its new address.
      if (user) await api.refreshSession();
      setDone(confirmed);
    });
  }

  if (!token) {
    return (
      <section>
        <h1>Confirm your email address</h1>
        <p role="alert" className="alert alert-error">
          This link is incomplete. Open the link from the email again.
        </p>
      </section>
    );
  }

  if (done) {
    const next = user ? { to: '/profile', label: 'Go to your profile' } : { to: '/login', label: 'Log in' };
    return (
      <section>
        <h1>Email address confirmed</h1>
        <Notice>
          {done.purpose === 'registration' &&
            `Your account ${done.username} is ready. Log in with its username and password.`}
          {done.purpose === 'verification' && `${done.email} is confirmed as the address of ${done.username}.`}
          {done.purpose === 'email_change' && `The account ${done.username} now uses ${done.email}.`}
        </Notice>
        <p>
          <Link to={next.to} className="button primary">
            {next.label}
          </Link>
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1>Confirm your email address</h1>
      <form onSubmit={onSubmit} noValidate>
        <p>Confirm that this address is yours. The link works once.</p>
        <FormError message={error} />
        <SubmitButton pending={pending} pendingLabel="Confirming…">
          Confirm my email address
        </SubmitButton>
      </form>
    </section>
  );
}
