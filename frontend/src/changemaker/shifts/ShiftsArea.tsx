import type { ReactNode } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { NotFound } from '../../shell/layouts';
import { administersShifts } from './api';
import { MyShiftsPage } from './MyShiftsPage';
import { ShiftAdminPage } from './ShiftAdminPage';
import { ShiftCalendarPage } from './ShiftCalendarPage';
import { NewShiftPage } from './ShiftForm';
import './shifts.css';

/**
 * Shifts for signed-in users under /changemaker/shifts: the map admins'
 * calendar, new shifts and each shift's volunteers (SUPER_ADMIN, MAP_ADMIN),
 * and everyone's own shifts with their calendar feed.
 */
export function ShiftsArea() {
  const admin = administersShifts(useAuth().user?.role);
  const adminOnly = (page: ReactNode) => (admin ? page : <NotAllowed />);
  return (
    <>
      <nav aria-label="Shifts" className="tabs">
        {shiftLinks(admin).map((l) => (
          <NavLink key={l.to} to={l.to} end>
            {l.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={admin ? <ShiftCalendarPage /> : <MyShiftsPage />} />
        <Route path="new" element={adminOnly(<NewShiftPage />)} />
        <Route path="mine" element={<MyShiftsPage />} />
        <Route path=":id" element={adminOnly(<ShiftAdminPage />)} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}

/** The links of shifts a user may use: the planning screens only for map admins. */
export function shiftLinks(admin: boolean): { to: string; label: string }[] {
  const links = admin
    ? [
        { to: '/changemaker/shifts', label: 'Shift calendar' },
        { to: '/changemaker/shifts/new', label: 'New shift' },
      ]
    : [];
  return [...links, { to: '/changemaker/shifts/mine', label: 'My shifts' }];
}

/** Shifts' card on the Changemaker start page. */
export function ShiftsLinks() {
  const admin = administersShifts(useAuth().user?.role);
  return (
    <section className="card" aria-labelledby="shifts-heading">
      <h2 id="shifts-heading">Volunteer shifts</h2>
      <p className="muted">Plan shifts, single or recurring; volunteers sign up from a public page.</p>
      <ul>
        <li>
          <Link to="/shifts">Public sign-up page</Link>
        </li>
        {shiftLinks(admin).map((l) => (
          <li key={l.to}>
            <Link to={l.to}>{l.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NotAllowed() {
  return (
    <section>
      <h1>Not allowed</h1>
      <p>Your account does not have access to this page.</p>
    </section>
  );
}
