import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import type { Role } from '../../api/types';
import { administersInfluence, maySubmitCampaigns } from './hooks';

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

/** The links of Influence a role may use. */
export function influenceLinks(role: Role | undefined): { to: string; label: string }[] {
  const links = [{ to: '/campaigns', label: 'Public campaigns' }];
  if (administersInfluence(role)) {
    links.push(
      { to: '/changemaker/influence', label: 'Campaigns' },
      { to: '/changemaker/influence/representatives', label: 'Representatives' },
      { to: '/changemaker/influence/emails', label: 'Email queue' },
      { to: '/changemaker/influence/responses', label: 'Responses' },
    );
  }
  if (maySubmitCampaigns(role)) links.push({ to: '/changemaker/influence/mine', label: 'My campaigns' });
  return links;
}
