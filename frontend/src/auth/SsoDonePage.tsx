import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../api/errors';
import { FormError, Loading } from '../shell/forms';
import { safeNext } from '../shell/paths';
import { usePageTitle } from '../shell/usePageTitle';
import { useAuth } from './AuthContext';
import { SsoApi, ssoErrorMessage } from './sso';

/**
 * Where the server sends the browser back from an identity provider:
 * `?error=CODE` (refused: say why), `?linked=slug&next=…` (an identity was
 * linked to the signed-in account), or `?next=…` (signed in: the refresh
 * cookie is set, so the session is taken up from it and the user moves on).
 */
export function SsoDonePage() {
  usePageTitle('Signing in');
  const { api, user } = useAuth();
  const sso = useMemo(() => new SsoApi(api), [api]);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const code = params.get('error');
  const next = safeNext(params.get('next'));
  const linked = params.get('linked');
  const [failure, setFailure] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (code) return;
    // Linked to the signed-in account, or the session is already taken up (the
    // page's frame changes once someone is signed in, which mounts it again).
    if (linked || user) {
      navigate(next, { replace: true });
      return;
    }
    if (started.current) return;
    started.current = true;
    sso.takeUpSession().catch((caught: unknown) => setFailure(errorMessage(caught)));
  }, [code, linked, user, next, navigate, sso]);

  if (code || failure) {
    return (
      <section>
        <h1>Sign-in did not go through</h1>
        <FormError message={code ? ssoErrorMessage(code) : failure} />
        <p>
          <Link to="/login">Back to sign-in</Link>
        </p>
      </section>
    );
  }
  return <Loading label="Finishing signing in…" />;
}
