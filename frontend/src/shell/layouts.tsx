import { Link, Outlet } from 'react-router-dom';
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

/** Login, registration and password reset: one narrow card. */
export function PublicLayout() {
  return (
    <>
      <header className="topbar">
        <div className="nav">
          <Link to="/" className="brand">
            Trajectory <span aria-hidden="true">·</span> Changemaker
          </Link>
        </div>
      </header>
      <main className="page page-narrow">
        <div className="card">
          <Outlet />
        </div>
      </main>
    </>
  );
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
