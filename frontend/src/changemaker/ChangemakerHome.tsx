import { Link } from 'react-router-dom';
import type { Role } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { usePageTitle } from '../shell/usePageTitle';
import { canEditPages } from './pages/access';
import { PagesLinks } from './pages/PagesLinks';

/** A Changemaker module as the start page lists it. */
interface Module {
  name: string;
  what: string;
  /** Who runs it: the admin role that governs the module. */
  runBy: string;
  /** Its page below /changemaker once it exists; until then it is listed as coming. */
  path?: string;
  /** Whether a role may use it (only for a module that exists). */
  mayUse?: (role: Role | undefined) => boolean;
}

const MODULES: Module[] = [
  {
    name: 'Advocacy campaigns',
    what: 'Write to representatives in a few clicks, with campaign letters and a record of the responses.',
    runBy: 'Influence admins',
  },
  {
    name: 'Canvassing maps and shifts',
    what: 'Map the doors to knock on, cut them into turfs, and sign volunteers up for shifts.',
    runBy: 'Map admins',
  },
  {
    name: 'Landing pages and email templates',
    what: 'Publish a campaign’s page and the emails it sends, without a web designer.',
    runBy: 'Pages admins',
    path: '/changemaker/pages',
    mayUse: canEditPages,
  },
  {
    name: 'Video gallery',
    what: 'Share the campaign’s videos, with reactions and comments from supporters.',
    runBy: 'Media admins',
  },
];

/** Start page of the Changemaker Lite area: the modules that exist, open to the roles that may use them, and
 * those still coming. */
export function ChangemakerHome() {
  usePageTitle('Changemaker');
  const { user } = useAuth();
  const available = MODULES.filter((m) => m.path);
  const coming = MODULES.filter((m) => !m.path);
  return (
    <section aria-labelledby="changemaker-heading">
      <h1 id="changemaker-heading">Changemaker Lite</h1>
      <p>
        Changemaker Lite gathers the tools for community organising. It is being built module by module; the ones
        below marked coming are not here yet, and <Link to="/trajectory">Trajectory</Link> is ready to use.
      </p>
      <PagesLinks />
      {available.length > 0 && (
        <>
          <h2>Available now</h2>
          <ul className="module-list" aria-label="Available now">
            {available.map((m) => (
              <li key={m.name} className="card module">
                <h3>{m.path && m.mayUse?.(user?.role) ? <Link to={m.path}>{m.name}</Link> : m.name}</h3>
                <p>{m.what}</p>
                <p className="muted">
                  {m.mayUse?.(user?.role) ? 'Open to you' : `Used by ${m.runBy}`} · run by {m.runBy}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      {coming.length > 0 && (
        <>
          <h2>What is coming</h2>
          <ul className="module-list" aria-label="What is coming">
            {coming.map((m) => (
              <li key={m.name} className="card module">
                <h3>{m.name}</h3>
                <p>{m.what}</p>
                <p className="muted">
                  <span className="badge">Coming</span> · run by {m.runBy}, open to volunteers
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
