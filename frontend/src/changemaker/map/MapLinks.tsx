import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { MAP_LINKS, runsTheMap } from './access';

/** The Map module's card on the Changemaker start page, for its organisers only. */
export function MapLinks() {
  const role = useAuth().user?.role;
  if (!runsTheMap(role)) return null;
  return (
    <section className="card" aria-labelledby="map-links-heading">
      <h2 id="map-links-heading">Map</h2>
      <p className="muted">Households on the map, and the cuts canvassers walk.</p>
      <ul>
        {MAP_LINKS.map((l) => (
          <li key={l.to}>
            <Link to={l.to}>{l.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
