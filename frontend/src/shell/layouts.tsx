import { Link, Outlet } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { Loading } from './forms';
import { NavBar } from './NavBar';

/** Pages for signed-in users: navigation bar above the page. */
export function AppLayout() {
  return (
    <>
      <NavBar />
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}

/** The top bar of pages for visitors who are not signed in: the brand, home to the start page. */
export function PublicHeader() {
  return (
    <header className="topbar">
      <div className="nav">
        <Link to="/" className="brand">
          Trajectory <span aria-hidden="true">·</span> Changemaker
        </Link>
      </div>
    </header>
  );
}

/** Login, registration and password reset: one narrow card. */
export function PublicLayout() {
  return (
    <>
      <PublicHeader />
      <main className="page page-narrow">
        <div className="card">
          <Outlet />
        </div>
      </main>
    </>
  );
}

/** Pages open to everyone (an emailed invitation): the app's frame when signed in, the public card otherwise. */
export function EitherLayout() {
  const { user, loading } = useAuth();
  if (loading) return <Loading label="Checking your session…" />;
  return user ? <AppLayout /> : <PublicLayout />;
}

export function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
