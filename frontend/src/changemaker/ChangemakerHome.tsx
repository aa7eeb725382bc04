import { Suspense, lazy } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { Loading } from '../shell/forms';
import { NotFound } from '../shell/layouts';
import { usePageTitle } from '../shell/usePageTitle';
import { CanvassLinks } from './canvass/CanvassLinks';
import { InfluenceLinks } from './influence/InfluenceLinks';
import { MapLinks } from './map/MapLinks';
import { MediaLinks } from './media/access';
import { PagesLinks } from './pages/PagesLinks';
import { ShiftsArea, ShiftsLinks } from './shifts/ShiftsArea';

// The admins' screens (and their chart library) load when first opened, not with the app.
const InfluenceArea = lazy(() => import('./influence/InfluenceArea').then((m) => ({ default: m.InfluenceArea })));

/** The Map module with Leaflet, loaded when first opened. */
const MapArea = lazy(() => import('./map/MapArea').then((m) => ({ default: m.MapArea })));

/** Canvassing (the walk, its offline queue, the dashboard), loaded when first opened. */
const CanvassArea = lazy(() => import('./canvass/CanvassArea').then((m) => ({ default: m.CanvassArea })));

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
      <Route
        path="canvass/*"
        element={
          <Suspense fallback={<Loading label="Loading canvassing…" />}>
            <CanvassArea />
          </Suspense>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** Start page of Changemaker Lite: each module's links the user's role may use. */
function Overview() {
  usePageTitle('Changemaker');
  return (
    <section aria-labelledby="changemaker-heading">
      <h1 id="changemaker-heading">Changemaker Lite</h1>
      <p>
        Changemaker Lite gathers the tools for community organising. Each module below shows what your role may use;
        for your family's health records, <Link to="/trajectory">Trajectory</Link> is ready to use.
      </p>
      <InfluenceLinks />
      <MapLinks />
      <CanvassLinks />
      <ShiftsLinks />
      <PagesLinks />
      <MediaLinks />
    </section>
  );
}
