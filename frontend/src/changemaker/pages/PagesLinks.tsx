import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { canEditPages } from './access';

/** The Pages module's entries on the Changemaker start page, for its editors only. */
export function PagesLinks() {
  const { user } = useAuth();
  if (!canEditPages(user?.role)) return null;
  return (
    <section aria-label="Pages">
      <h2>Pages</h2>
      <ul>
        <li>
          <Link to="/changemaker/pages">Landing pages</Link>: build pages from blocks, publish them at /p/…, read what visitors send.
        </li>
        <li>
          <Link to="/changemaker/templates">Email templates</Link>: what every email says, with its history.
        </li>
      </ul>
    </section>
  );
}
