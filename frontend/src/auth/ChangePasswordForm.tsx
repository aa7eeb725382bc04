import { useState, type FormEvent } from 'react';
import { Field, FormError, SubmitButton } from '../shell/forms';
import { useSubmit } from '../shell/useSubmit';
import { useAuth } from './AuthContext';
import { PASSWORD_HINT, collect, passwordProblem, required } from './validation';

const FIELDS = ['current_password', 'new_password'] as const;

export const PASSWORD_CHANGED_NOTICE =
  'Your password has been changed and every session has been signed out. Log in with your new password.';

export function ChangePasswordForm() {
  const { api, endSession } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = collect({
      current_password: required(current, 'Enter your current password'),
      new_password: passwordProblem(next),
    });
    const ok = await run(() => api.changePassword({ current_password: current, new_password: next }), problems);
    // The server has revoked every session, this one included; the route guard
    // then shows the login page, which shows the notice.
    if (ok) endSession(PASSWORD_CHANGED_NOTICE);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      <Field
        label="Current password"
        name="current_password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={fieldErrors.current_password}
        required
      />
      <Field
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_HINT}
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={fieldErrors.new_password}
        required
      />
      <SubmitButton pending={pending} pendingLabel="Changing password…">
        Change password
      </SubmitButton>
    </form>
  );
}
