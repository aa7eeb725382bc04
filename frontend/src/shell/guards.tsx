import type { ReactNode } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router-dom';
import type { Role } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { Loading } from './forms';
import { loginPath, safeNext } from './paths';

/**
 * Shows its children to signed-in users; sends everyone else to the login page,
 * which brings them back here afterwards unless they had logged out on purpose.
 * When the session could not be restored for want of a network, shows `offline`.
 */
export function RequireAuth({ children, offline }: { children: ReactNode; offline?: ReactNode }) {
  const { user, loading, signedOut, offline: noNetwork } = useAuth();
  const location = useLocation();
  if (loading) return <Loading label="Checking your session…" />;
  if (!user && noNetwork && offline) return <>{offline}</>;
  if (!user) {
    const wanted = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={signedOut ? '/login' : loginPath(wanted)} replace />;
  }
  return <>{children}</>;
}

/** Shows its children only to users with `role`. */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { user } = useAuth();
  if (user?.role !== role) {
    return (
      <section>
        <h1>Not allowed</h1>
        <p>Your account does not have access to this page.</p>
      </section>
    );
  }
  return <>{children}</>;
}

/** For the login and register pages: a signed-in user moves on to where they were going. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const [params] = useSearchParams();
  if (loading) return <Loading label="Checking your session…" />;
  if (user) return <Navigate to={safeNext(params.get('next'))} replace />;
  return <>{children}</>;
}
