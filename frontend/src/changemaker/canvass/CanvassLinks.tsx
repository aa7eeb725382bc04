import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { canvassLinks } from './access';

/** Canvassing's card on the Changemaker start page: the walk for canvassers, the dashboard for its organisers. */
export function CanvassLinks() {
  const links = canvassLinks(useAuth().user?.role);
  if (links.length === 0) return null;
  return (
    <section className="card" aria-labelledby="canvass-links-heading">
      <h2 id="canvass-links-heading">Door-to-door canvassing</h2>
      <p className="muted">Walk a cut with your phone and record each door; it keeps working with no signal.</p>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <Link to={l.to}>{l.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
