import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../shell/layouts';
import { usePageTitle } from '../shell/usePageTitle';
import { InfluenceArea } from './influence/InfluenceArea';
import { InfluenceLinks } from './influence/InfluenceLinks';

/** The Changemaker Lite area: its start page, and each module's pages below /changemaker. */
export function ChangemakerHome() {
  return (
    <Routes>
      <Route index element={<Overview />} />
      <Route path="influence/*" element={<InfluenceArea />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** Start page of Changemaker Lite: each module's card shows the links the user's role may use. */
function Overview() {
  usePageTitle('Changemaker');
  return (
    <section>
      <h1>Changemaker Lite</h1>
      <p>
        Changemaker Lite gathers the tools for community organising: advocacy campaigns, canvassing
        maps and volunteer shifts, landing pages, and video media.
      </p>
      <InfluenceLinks />
    </section>
  );
}
