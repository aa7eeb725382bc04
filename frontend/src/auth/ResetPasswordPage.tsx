import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Field, FormError, Notice, SubmitButton } from '../shell/forms';
import { usePageTitle } from '../shell/usePageTitle';
import { useSubmit } from '../shell/useSubmit';
import { useApi } from './AuthContext';
import { PASSWORD_HINT, collect, passwordProblem } from './validation';

const FIELDS = ['new_password'] as const;

/** The page the emailed link opens: `/reset-password?token=...`. */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const api = useApi();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = collect({ new_password: passwordProblem(password) });
    const ok = await run(() => api.confirmPasswordReset(token, password), problems);
    if (ok) setDone(true);
  }

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
      <form onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <Field
          label="New password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          hint={PASSWORD_HINT}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.new_password}
          required
        />
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Set new password
        </SubmitButton>
      </form>
      <p className="aside">
        <Link to="/forgot-password">Ask for a new link</Link>
      </p>
    </section>
  );
}
