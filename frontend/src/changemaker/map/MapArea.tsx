import { NavLink, Route, Routes } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { NotFound } from '../../shell/layouts';
import { MAP_LINKS, runsTheMap } from './access';
import { CutPage } from './CutPage';
import { ImportWizard } from './ImportWizard';
import { LocationEditor } from './LocationEditor';
import { LocationsPage } from './LocationsPage';
import { MapPage } from './MapPage';
import './map.css';

/** The Map module under /changemaker/map, for SUPER_ADMIN and MAP_ADMIN. */
export function MapArea() {
  const role = useAuth().user?.role;
  if (!runsTheMap(role)) {
    return (
      <section>
        <h1>Not allowed</h1>
        <p>The map is for its organisers.</p>
      </section>
    );
  }
  return (
    <>
      <nav className="subnav no-print" aria-label="Map">
        {MAP_LINKS.map((l) => (
          <NavLink key={l.to} to={l.to} end>
            {l.label}
          </NavLink>
        ))}
        {/* The cuts drawn here are what canvassers walk; their progress is followed there. */}
        <NavLink to="/changemaker/canvass/dashboard">Canvass dashboard</NavLink>
      </nav>
      <Routes>
        <Route index element={<MapPage />} />
        <Route path="locations" element={<LocationsPage />} />
        <Route path="locations/:id" element={<LocationEditor />} />
        <Route path="import" element={<ImportWizard />} />
        <Route path="cuts/:id" element={<CutPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
