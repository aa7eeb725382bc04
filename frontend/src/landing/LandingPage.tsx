import { Link, Navigate } from 'react-router-dom';
import { useApi, useAuth } from '../auth/AuthContext';
import { Loading } from '../shell/forms';
import { PublicHeader } from '../shell/layouts';
import { HOME_PATH } from '../shell/paths';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';

/**
 * The start page at `/`: what the two products are, for visitors who are not
 * signed in, with log in and (when the site lets people register) sign up.
 * Signed-in users go straight on to Trajectory.
 */
export function LandingPage() {
  const { user, loading } = useAuth();
  if (loading) return <Loading label="Checking your session…" />;
  if (user) return <Navigate to={HOME_PATH} replace />;
  return <Landing />;
}

function Landing() {
  usePageTitle('Welcome');
  return (
    <>
      <PublicHeader />
      <main className="page landing">
        <section className="hero" aria-labelledby="landing-heading">
          <h1 id="landing-heading">Your family’s health records and your community’s organising, in one place</h1>
          <p className="lead">
            One account for two apps: Trajectory keeps each child’s health story, and Changemaker Lite helps
            volunteers organise.
          </p>
          <Actions />
        </section>
        <div className="product-grid">
          <section className="card product" aria-labelledby="trajectory-heading">
            <h2 id="trajectory-heading">Trajectory</h2>
            <p>A health booklet for each child that the whole family can open on a phone at the doctor’s.</p>
            <ul>
              <li>Visits and appointments, with prescriptions, vaccines and files</li>
              <li>Growth on the WHO charts, with percentiles in plain words</li>
              <li>Illnesses through the year at a glance</li>
              <li>Share with a co-parent or grandparent, read-only if you like</li>
              <li>Export everything, with a printable report</li>
            </ul>
          </section>
          <section className="card product" aria-labelledby="changemaker-heading">
            <h2 id="changemaker-heading">Changemaker Lite</h2>
            <p>Tools for community organising, arriving module by module.</p>
            <ul>
              <li>Advocacy campaigns that reach representatives</li>
              <li>Canvassing maps and volunteer shifts</li>
              <li>Landing pages and email templates</li>
              <li>A video gallery for the campaign’s media</li>
            </ul>
          </section>
        </div>
      </main>
    </>
  );
}

/** Log in always; sign up only when the site takes new accounts. */
function Actions() {
  const api = useApi();
  const status = useLoad(() => api.authStatus(), [api]);
  const open = status.data && (status.data.needs_setup || status.data.registration === 'open');
  const invited = status.data && !status.data.needs_setup && status.data.registration === 'invite_only';
  return (
    <div className="hero-actions">
      <Link className="button primary" to="/login">
        Log in
      </Link>
      {open && (
        <Link className="button" to="/register">
          Create an account
        </Link>
      )}
      {invited && (
        <p className="muted">
          New accounts are by invitation. <Link to="/register">Have an invite token?</Link>
        </p>
      )}
    </div>
  );
}
