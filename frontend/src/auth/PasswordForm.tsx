/**
 * Choosing a password: the field every form that sets one uses (register, change,
 * reset), and the whole form for changing or resetting it. Both state the server's
 * policy as the hint and check it, in the server's words, before anything is sent.
 */
import { useState, type FormEvent } from 'react';
import type { PasswordChange } from '../api/types';
import { Field, FormError, SubmitButton, type FieldProps } from '../shell/forms';
import { useSubmit } from '../shell/useSubmit';
import { collect, required } from '../shell/validation';
import { PASSWORD_HINT, passwordProblem } from './validation';

/** A field for a new password: the policy as its hint, and the browser told not to fill in the old one. */
export function NewPasswordField(props: Omit<FieldProps, 'type' | 'autoComplete' | 'hint'>) {
  return <Field type="password" autoComplete="new-password" hint={PASSWORD_HINT} required {...props} />;
}

const FIELDS = ['current_password', 'new_password'] as const;

interface PasswordFormProps {
  /** Ask for the current password too: changing it while signed in. */
  askCurrent?: boolean;
  submitLabel: string;
  /** Shown on the button while sending, e.g. "Saving…". */
  pendingLabel: string;
  /**
   * Sends the passwords (`current_password` is empty unless asked for). A rejection
   * shows the server's messages next to their fields, or above the form.
   */
  save(passwords: PasswordChange): Promise<void>;
  /** Called once the server has accepted the new password. */
  onSaved(): void;
}

/** The form that sets a new password, optionally after the current one. */
export function PasswordForm({ askCurrent = false, submitLabel, pendingLabel, save, onSaved }: PasswordFormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = collect({
      current_password: askCurrent ? required(current, 'Enter your current password') : null,
      new_password: passwordProblem(next),
    });
    const ok = await run(() => save({ current_password: current, new_password: next }), problems);
    if (ok) onSaved();
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      {askCurrent && (
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
      )}
      <NewPasswordField
        label="New password"
        name="new_password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={fieldErrors.new_password}
      />
      <SubmitButton pending={pending} pendingLabel={pendingLabel}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
