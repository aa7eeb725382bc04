import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Field, FormError, Loading, SubmitButton } from '../shell/forms';
import { safeNext } from '../shell/paths';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { useSubmit } from '../shell/useSubmit';
import { collect, required } from '../shell/validation';
import { useAuth } from './AuthContext';
import { SsoApi } from './sso';

/** The ticket in the page's fragment (`#ticket=…`), which never reaches a server log. */
function ticketOf(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('ticket') ?? '';
}

/**
 * A provider vouched for an address that belongs to an existing account: the
 * identity is linked once that account's password is given, then the person is
 * signed in and goes where they were going.
 */
export function SsoLinkPage() {
  usePageTitle('Link your account');
  const { api } = useAuth();
  const sso = useMemo(() => new SsoApi(api), [api]);
  const location = useLocation();
  const navigate = useNavigate();
  const [ticket] = useState(() => ticketOf(location.hash));
  const request = useLoad(() => sso.describeLink(ticket), [sso, ticket]);

  // The ticket stays in this page only, not in the address bar or the history.
  useEffect(() => {
    if (location.hash) navigate(location.pathname, { replace: true });
  }, [location.hash, location.pathname, navigate]);
  const [password, setPassword] = useState('');
  const { pending, error, fieldErrors, run } = useSubmit(['password']);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = collect({ password: required(password, 'Enter the password of this account') });
    const ok = await run(async () => {
      await sso.confirmLink(ticket, password);
    }, problems);
    if (ok) navigate(safeNext(request.data?.return_to), { replace: true });
  }

  if (request.loading) return <Loading />;
  if (!request.data) {
    return (
      <section>
        <h1>Link your account</h1>
        <FormError message={request.error} />
        <p>
          <Link to="/login">Back to sign-in</Link>
        </p>
      </section>
    );
  }
  const { provider, username, email } = request.data;
  return (
    <section>
      <h1>Link your account</h1>
      <p>
        {email ? (
          <>
            An account with the address <strong>{email}</strong> already exists here:{' '}
          </>
        ) : (
          'An account already exists here: '
        )}
        <strong>{username}</strong>. Enter its password to sign in with {provider} from now on.
      </p>
      <form onSubmit={onSubmit} noValidate>
        <FormError message={error} />
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
        <SubmitButton pending={pending} pendingLabel="Linking…">
          Link and sign in
        </SubmitButton>
      </form>
      <p className="aside">
        Not your account? <Link to="/login">Back to sign-in</Link>
      </p>
    </section>
  );
}
