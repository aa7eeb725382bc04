import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Notice } from '../shell/forms';
import { usePageTitle } from '../shell/usePageTitle';
import { useApi } from './AuthContext';
import { PasswordForm } from './PasswordForm';

/** The page the emailed link opens: `/reset-password?token=...`. */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const api = useApi();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);

  if (!token) {
    return (
      <section>
        <h1>Choose a new password</h1>
        <p role="alert" className="alert alert-error">
          This link is incomplete. Open the link from the email again, or ask for a new one.
        </p>
        <p className="aside">
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </section>
    );
  }

  if (done) {
    return (
      <section>
        <h1>Password changed</h1>
        <Notice>Your password has been changed. You can now log in with it.</Notice>
        <p>
          <Link to="/login" className="button primary">
            Log in
          </Link>
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1>Choose a new password</h1>
      <PasswordForm
        submitLabel="Set new password"
        pendingLabel="Saving…"
        save={({ new_password }) => api.confirmPasswordReset(token, new_password)}
        onSaved={() => setDone(true)}
      />
      <p className="aside">
        <Link to="/forgot-password">Ask for a new link</Link>
      </p>
    </section>
  );
}
