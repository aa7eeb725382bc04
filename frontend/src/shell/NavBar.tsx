import { useState } from 'react';
import { Link, NavLink } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';

export function NavBar() {
  const { user, logout } = useAuth();
  const [leaving, setLeaving] = useState(false);

  // Once the session is gone the route guard shows the login page.
  async function onLogout() {
    setLeaving(true);
    await logout();
  }

  return (
    <header className="topbar">
      <nav aria-label="Main" className="nav">
        <Link to="/" className="brand">
          Trajectory <span aria-hidden="true">·</span> Changemaker
        </Link>
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
      </nav>
    </header>
  );
}
