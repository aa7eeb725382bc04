import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Field, FormError, Notice, SubmitButton } from '../shell/forms';
import { usePageTitle } from '../shell/usePageTitle';
import { useSubmit } from '../shell/useSubmit';
import { collect } from '../shell/validation';
import { useApi } from './AuthContext';
import { emailProblem } from './validation';

const FIELDS = ['email'] as const;

export function ForgotPasswordPage() {
  usePageTitle('Reset your password');
  const api = useApi();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const address = email.trim();
    const ok = await run(() => api.requestPasswordReset(address), collect({ email: emailProblem(address) }));
    if (ok) setSent(true);
  }

  return (
    <section>
      <h1>Reset your password</h1>
      {sent ? (
        // The server answers the same whether or not the address has an account.
        <Notice>
          If an account uses {email.trim()}, we have sent it a link to choose a new password. The
          link works for a limited time.
        </Notice>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
          <FormError message={error} />
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldErrors.email}
            required
          />
          <SubmitButton pending={pending} pendingLabel="Sending…">
            Send reset link
          </SubmitButton>
        </form>
      )}
      <p className="aside">
        <Link to="/login">Back to log in</Link>
      </p>
    </section>
  );
}
