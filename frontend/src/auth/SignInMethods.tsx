import { useId, useMemo, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/errors';
import { ConfirmButton } from '../shell/confirm';
import { FormError } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { useApi } from './AuthContext';
import { SsoApi, type LinkedIdentity, type SignInMethods as Methods } from './sso';

/** Whether removing one identity would leave the account no way in (the server checks too). */
function isLastWayIn(methods: Methods, identity: LinkedIdentity): boolean {
  const password = methods.has_password && methods.local_login;
  const others = methods.identities.filter((other) => other.id !== identity.id && other.enabled);
  return !password && others.length === 0;
}

/** The profile's card for sign-in methods. */
function Card({ children }: { children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Sign-in with identity providers</h2>
      {children}
    </section>
  );
}

/**
 * The profile's identity providers: those linked to the account (with unlink),
 * and the enabled ones it may link (a visit to the provider and back). Nothing
 * is shown on a site without providers.
 */
export function SignInMethods() {
  const api = useApi();
  const sso = useMemo(() => new SsoApi(api), [api]);
  const methods = useLoad(() => sso.methods(), [sso]);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<string | null>(null);

  async function link(slug: string) {
    setError(null);
    setLeaving(slug);
    try {
      globalThis.location.assign(await sso.linkUrl(slug));
    } catch (caught) {
      setError(errorMessage(caught));
      setLeaving(null);
    }
  }

  async function unlink(identity: LinkedIdentity) {
    setError(null);
    try {
      await sso.unlink(identity.id);
      methods.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  if (methods.loading) return null;
  if (!methods.data) {
    // A side section of the profile: said quietly, with a way to try again.
    return (
      <Card>
        <p className="muted">
          Your sign-in methods could not be loaded ({methods.error}).{' '}
          <button type="button" className="link-button" onClick={methods.reload}>
            Try again
          </button>
        </p>
      </Card>
    );
  }
  const data = methods.data;
  const { identities, linkable } = data;
  if (identities.length === 0 && linkable.length === 0) return null;
  return (
    <Card>
      <FormError message={error} />
      {identities.length === 0 ? (
        <p className="muted">No identity provider is linked to your account.</p>
      ) : (
        <ul className="plain-list">
          {identities.map((identity) => (
            <li key={identity.id} className="actions">
              <span>
                <strong>{identity.provider_name}</strong>
                {identity.email && <span className="muted"> · {identity.email}</span>}
                {!identity.enabled && <span className="muted"> (switched off)</span>}
              </span>
              {isLastWayIn(data, identity) ? (
                <span className="muted">Your only way to sign in</span>
              ) : (
                <ConfirmButton
                  label={`Unlink ${identity.provider_name}`}
                  confirmLabel={`Yes, unlink ${identity.provider_name}`}
                  className="link-button"
                  onConfirm={() => unlink(identity)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {linkable.length > 0 && (
        <div className="actions">
          {linkable.map((provider) => (
            <button
              key={provider.slug}
              type="button"
              disabled={leaving !== null}
              aria-busy={leaving === provider.slug}
              onClick={() => void link(provider.slug)}
            >
              {leaving === provider.slug ? 'Opening…' : `Link ${provider.display_name}`}
            </button>
          ))}
        </div>
      )}
    </Card>
  );
}
