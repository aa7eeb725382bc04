import { usePageTitle } from '../shell/usePageTitle';
import { PagesLinks } from './pages/PagesLinks';

/** Start page of the Changemaker Lite area; its module pages hang below /changemaker. */
export function ChangemakerHome() {
  usePageTitle('Changemaker');
  return (
    <section>
      <h1>Changemaker Lite</h1>
      <p>
        Changemaker Lite gathers the tools for community organising: advocacy campaigns, canvassing
        maps and volunteer shifts, landing pages, and video media.
      </p>
      <PagesLinks />
    </section>
  );
}
