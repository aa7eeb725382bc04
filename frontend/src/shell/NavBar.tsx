import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { waitingVisits } from '../changemaker/canvass/store';

/**
 * The signed-in top bar. On a phone it is one row, the brand and a Menu button
 * that opens the links and the account below it; wider screens show them inline.
 */
export function NavBar() {
  const { user, logout } = useAuth();
  const [leaving, setLeaving] = useState(false);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();

  // Moving to another page closes the menu.
  useEffect(() => setOpen(false), [pathname]);

  // Once the session is gone the route guard shows the login page. Signing out
  // forgets what canvassing kept on the device, so visits not yet sent are
  // lost: ask first.
  async function onLogout() {
    const waiting = await waitingVisits();
    if (
      waiting > 0 &&
      !window.confirm(
        `${waiting === 1 ? 'One canvass visit has' : `${waiting} canvass visits have`} not been sent yet. ` +
          'Signing out deletes them from this device. Sign out anyway?',
      )
    ) {
      return;
    }
    setLeaving(true);
    await logout();
  }

  return (
    <header className="topbar">
      <nav
        aria-label="Main"
        className="nav"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            setOpen(false);
            button.current?.focus();
          }
        }}
      >
        <Link to="/" className="brand">
          Trajectory <span aria-hidden="true">·</span> Changemaker
        </Link>
        <button
          ref={button}
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="main-menu"
          onClick={() => setOpen(!open)}
        >
          Menu
        </button>
        <div id="main-menu" className={`nav-menu${open ? ' open' : ''}`}>
          <ul className="nav-links">
            <li>
              <NavLink to="/trajectory">Trajectory</NavLink>
            </li>
            <li>
              <NavLink to="/changemaker">Changemaker</NavLink>
            </li>
            <li>
              <NavLink to="/profile">Profile</NavLink>
            </li>
            {user?.role === 'SUPER_ADMIN' && (
              <li>
                <NavLink to="/admin">Admin</NavLink>
              </li>
            )}
          </ul>
          <div className="nav-user">
            {user && <span className="whoami">{user.display_name || user.username}</span>}
            <button type="button" onClick={onLogout} disabled={leaving} aria-busy={leaving}>
              {leaving ? 'Logging out…' : 'Log out'}
            </button>
          </div>
        </div>
      </nav>
    </header>
  );
}
