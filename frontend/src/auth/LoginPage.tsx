import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Field, FormError, Notice, SubmitButton } from '../shell/forms';
import { usePageTitle } from '../shell/usePageTitle';
import { useSubmit } from '../shell/useSubmit';
import { collect, required } from '../shell/validation';
import { useAuth } from './AuthContext';

const FIELDS = ['login', 'password'] as const;

/** After success the GuestOnly guard around this page moves the user on. */
export function LoginPage() {
  usePageTitle('Log in');
  const { login, notice } = useAuth();
  const [params] = useSearchParams();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = collect({
      login: required(name, 'Enter your username or email'),
      password: required(password, 'Enter your password'),
    });
    await run(async () => {
      await login({ login: name.trim(), password });
    }, problems);
  }

  const next = params.get('next');
  const registerLink = next ? `/register?next=${encodeURIComponent(next)}` : '/register';

  return (
    <section>
      <h1>Log in</h1>
      {notice && <Notice>{notice}</Notice>}
      <form onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <Field
          label="Username or email"
          name="login"
          autoComplete="username"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors.login}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
          required
        />
        <SubmitButton pending={pending} pendingLabel="Logging in…">
          Log in
        </SubmitButton>
      </form>
      <p className="aside">
        <Link to="/forgot-password">Forgot your password?</Link>
        <span aria-hidden="true"> · </span>
        <Link to={registerLink}>Create an account</Link>
      </p>
    </section>
  );
}
