import { Link } from 'react-router-dom';
import { usePageTitle } from '../shell/usePageTitle';
import { PagesLinks } from './pages/PagesLinks';

/** A Changemaker module as the start page lists it. */
interface Module {
  name: string;
  what: string;
  /** Who runs it: the admin role that governs the module. */
  runBy: string;
  /** Its page below /changemaker once it exists; until then it is listed as coming. */
  path?: string;
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
  },
  {
    name: 'Video gallery',
    what: 'Share the campaign’s videos, with reactions and comments from supporters.',
    runBy: 'Media admins',
  },
];

/** Start page of the Changemaker Lite area: its modules, and which of them are still coming. */
export function ChangemakerHome() {
  usePageTitle('Changemaker');
  const coming = MODULES.filter((m) => !m.path);
  return (
    <section aria-labelledby="changemaker-heading">
      <h1 id="changemaker-heading">Changemaker Lite</h1>
      <p>
        Changemaker Lite gathers the tools for community organising. It is being built module by module; until a
        module arrives there is nothing to do here yet, and <Link to="/trajectory">Trajectory</Link> is ready to use.
      </p>
      <PagesLinks />
      {coming.length > 0 && (
        <>
          <h2>What is coming</h2>
          <ul className="module-list">
            {MODULES.map((m) => (
              <li key={m.name} className="card module">
                <h3>{m.path ? <Link to={m.path}>{m.name}</Link> : m.name}</h3>
                <p>{m.what}</p>
                <p className="muted">
                  {m.path ? 'Open' : <span className="badge">Coming</span>} · run by {m.runBy}, open to volunteers
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
