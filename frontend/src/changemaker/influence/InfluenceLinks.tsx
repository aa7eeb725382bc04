import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { influenceLinks } from './InfluenceArea';

/** Influence's card on the Changemaker start page: only the links the user's role may use. */
export function InfluenceLinks() {
  const role = useAuth().user?.role;
  return (
    <section className="card" aria-labelledby="influence-heading">
      <h2 id="influence-heading">Influence</h2>
      <p className="muted">Advocacy campaigns: supporters email their elected representatives.</p>
      <ul>
        {influenceLinks(role).map((l) => (
          <li key={l.to}>
            <Link to={l.to}>{l.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
