import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { RegisterInput } from '../api/types';
import { Field, FormError, Notice, SubmitButton } from '../shell/forms';
import { loginPath, safeNext } from '../shell/paths';
import { useSubmit } from '../shell/useSubmit';
import { collect, required } from '../shell/validation';
import { useAuth } from './AuthContext';
import { NewPasswordField } from './PasswordForm';
import { emailProblem, passwordProblem, usernameProblem } from './validation';

/** `setup`: the site has no administrator yet; `invite`: an invite token is needed; `open`: anyone may register. */
export type RegisterMode = 'setup' | 'invite' | 'open';

const FIELDS = ['username', 'email', 'display_name', 'password', 'setup_token', 'invite_token'] as const;
type FieldName = (typeof FIELDS)[number];

export function RegisterForm({ mode }: { mode: RegisterMode }) {
  const { register } = useAuth();
  // The emailed invitation links to /register?invite=TOKEN.
  const [params] = useSearchParams();
  const [values, setValues] = useState<Record<FieldName, string>>({
    username: '',
    email: '',
    display_name: '',
    password: '',
    setup_token: '',
    invite_token: params.get('invite') ?? '',
  });
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);
  // On an open site the account waits for its emailed link: where it went.
  const [sentTo, setSentTo] = useState<string | null>(null);

  const bind = (name: FieldName) => ({
    name,
    value: values[name],
    error: fieldErrors[name],
    onChange: (e: { target: { value: string } }) =>
      setValues((current) => ({ ...current, [name]: e.target.value })),
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input: RegisterInput = {
      username: values.username.trim(),
      email: values.email.trim(),
      password: values.password,
    };
    if (values.display_name.trim()) input.display_name = values.display_name.trim();
    if (mode === 'setup' && values.setup_token.trim()) input.setup_token = values.setup_token.trim();
    if (mode === 'invite') input.invite_token = values.invite_token.trim();

    const problems = collect({
      username: usernameProblem(input.username),
      email: emailProblem(input.email),
      password: passwordProblem(input.password),
      invite_token: mode === 'invite' ? required(values.invite_token, 'Enter your invite token') : null,
      setup_token: mode === 'setup' ? required(values.setup_token, 'Enter the setup token') : null,
    });
    await run(async () => {
      const signedIn = await register(input);
      if (!signedIn) setSentTo(input.email);
    }, problems);
  }

  if (sentTo) {
    const next = params.get('next');
    return (
      <div role="status" className="alert alert-info">
        <p>
          We sent a link to <strong>{sentTo}</strong>. Open it to confirm your address and create your account; it
          works for 24 hours. (If an account already uses this address, its owner gets a note instead.)
        </p>
        <p>
          Then <Link to={next ? loginPath(safeNext(next)) : '/login'}>log in</Link> with your username and password.
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {mode === 'setup' && (
        <Notice>
          This site has no administrator yet. The first account needs the setup token printed by
          the server&apos;s run command, and becomes the super administrator.
        </Notice>
      )}
      <FormError message={error} />
      <Field label="Username" autoComplete="username" required {...bind('username')} />
      <Field label="Email" type="email" autoComplete="email" required {...bind('email')} />
      <Field label="Display name" autoComplete="name" hint="Optional: how others see you." {...bind('display_name')} />
      <NewPasswordField label="Password" {...bind('password')} />
      {mode === 'setup' && <Field label="Setup token" autoComplete="off" required {...bind('setup_token')} />}
      {mode === 'invite' && (
        <Field
          label="Invite token"
          autoComplete="off"
          hint="Registration is by invitation: paste the token from your invite."
          required
          {...bind('invite_token')}
        />
      )}
      <SubmitButton pending={pending} pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
