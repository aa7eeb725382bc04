import { useEffect } from 'react';
import { Route, Routes } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { NotFound } from '../../shell/layouts';
import { runsCanvassing } from './access';
import { VolunteerPage } from './CanvassScreen';
import { DashboardPage } from './DashboardPage';
import { keepLoadedFiles } from './keepFiles';

/**
 * The Canvass module under /changemaker/canvass, loaded when first opened:
 * the canvasser's walk for every signed-in account but TEMP, and the live
 * dashboard for those who run canvassing (MAP_ADMIN, SUPER_ADMIN).
 */
export function CanvassArea() {
  const role = useAuth().user?.role;
  // These screens must open again offline: have the service worker keep their files.
  useEffect(keepLoadedFiles, []);
  return (
    <Routes>
      <Route index element={<VolunteerPage />} />
      <Route
        path="dashboard"
        element={
          runsCanvassing(role) ? (
            <DashboardPage />
          ) : (
            <section>
              <h1>Not allowed</h1>
              <p>The canvass dashboard is for the organisers who run canvassing.</p>
            </section>
          )
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
