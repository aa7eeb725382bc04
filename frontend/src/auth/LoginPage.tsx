import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Field, FormError, Notice, SubmitButton } from '../shell/forms';
import { safeNext } from '../shell/paths';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { useSubmit } from '../shell/useSubmit';
import { collect, required } from '../shell/validation';
import { useAuth } from './AuthContext';
import { SsoApi, startUrl } from './sso';

const FIELDS = ['login', 'password'] as const;

/**
 * After success the GuestOnly guard around this page moves the user on. The
 * site's identity providers are offered first; the password form is shown
 * unless the site switched password sign-in off (and while that is not known
 * yet, or could not be asked, since it is on by default).
 */
export function LoginPage() {
  usePageTitle('Log in');
  const { api, login, notice } = useAuth();
  const sso = useMemo(() => new SsoApi(api), [api]);
  const options = useLoad(() => sso.options(), [sso]);
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
  const providers = options.data?.providers ?? [];
  const localLogin = options.data?.local_login ?? true;

  return (
    <section>
      <h1>Log in</h1>
      {notice && <Notice>{notice}</Notice>}
      {providers.length > 0 && (
        <nav aria-label="Sign in with" className="actions sso-providers">
          {providers.map((provider) => (
            <a key={provider.slug} className="button" href={startUrl(provider.slug, safeNext(next))}>
              Continue with {provider.display_name}
            </a>
          ))}
        </nav>
      )}
      {!localLogin && providers.length === 0 && (
        <p className="muted">Signing in is not possible right now: ask the site’s administrator.</p>
      )}
      {localLogin && (
        <form onSubmit={onSubmit} noValidate>
          {providers.length > 0 && <p className="muted">Or sign in with your username and password:</p>}
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
      )}
      {localLogin && (
        <p className="aside">
          <Link to="/forgot-password">Forgot your password?</Link>
          <span aria-hidden="true"> · </span>
          <Link to={registerLink}>Create an account</Link>
        </p>
      )}
    </section>
  );
}
