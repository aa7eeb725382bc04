import { Suspense, lazy } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { Loading } from '../shell/forms';
import { NotFound } from '../shell/layouts';
import { usePageTitle } from '../shell/usePageTitle';
import { InfluenceLinks } from './influence/InfluenceLinks';
import { MapLinks } from './map/MapLinks';
import { MediaLinks } from './media/access';
import { PagesLinks } from './pages/PagesLinks';
import { ShiftsArea, ShiftsLinks } from './shifts/ShiftsArea';

// The admins' screens (and their chart library) load when first opened, not with the app.
const InfluenceArea = lazy(() => import('./influence/InfluenceArea').then((m) => ({ default: m.InfluenceArea })));

/** The Map module with Leaflet, loaded when first opened. */
const MapArea = lazy(() => import('./map/MapArea').then((m) => ({ default: m.MapArea })));

/** A Changemaker module that is not built yet, as the start page announces it. */
interface ComingModule {
  name: string;
  what: string;
  /** Who will run it: the admin role that governs the module. */
  runBy: string;
}

const COMING: ComingModule[] = [
  {
    name: 'Door-to-door canvassing',
    what: 'Volunteers walk a cut with their phone, record each door, and keep working with no signal.',
    runBy: 'Map admins',
  },
];

/** The Changemaker Lite area: its start page, and each module's pages below /changemaker. */
export function ChangemakerHome() {
  return (
    <Routes>
      <Route index element={<Overview />} />
      <Route
        path="influence/*"
        element={
          <Suspense fallback={<Loading label="Loading…" />}>
            <InfluenceArea />
          </Suspense>
        }
      />
      <Route path="shifts/*" element={<ShiftsArea />} />
      <Route
        path="map/*"
        element={
          <Suspense fallback={<Loading label="Loading the map…" />}>
            <MapArea />
          </Suspense>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** Start page of Changemaker Lite: each module's links the user's role may use, then what is still coming. */
function Overview() {
  usePageTitle('Changemaker');
  return (
    <section aria-labelledby="changemaker-heading">
      <h1 id="changemaker-heading">Changemaker Lite</h1>
      <p>
        Changemaker Lite gathers the tools for community organising. Each module below shows what your role may use;
        the others are on their way, and <Link to="/trajectory">Trajectory</Link> is ready to use.
      </p>
      <InfluenceLinks />
      <MapLinks />
      <ShiftsLinks />
      <PagesLinks />
      <MediaLinks />
      <h2>What is coming</h2>
      <ul className="module-list">
        {COMING.map((m) => (
          <li key={m.name} className="card module">
            <h3>{m.name}</h3>
            <p>{m.what}</p>
            <p className="muted">
              <span className="badge">Coming</span> · run by {m.runBy}, open to volunteers
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
