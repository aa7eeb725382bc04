/**
 * The Pages module's screens: landing pages and email templates for their
 * editors (SUPER_ADMIN, PAGES_ADMIN), and the public landing page at `/p/:slug`.
 * App.tsx mounts each area with one line.
 */
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../shell/layouts';
import { RequirePagesEditor } from './access';
import { PageEditor } from './PageEditor';
import { PagesList } from './PagesList';
import { TemplateEditor } from './templates/TemplateEditor';
import { TemplatesList } from './templates/TemplatesList';

export { PublicLandingPage } from './PublicLandingPage';

/** `/changemaker/pages/*`. */
export function PagesArea() {
  return (
    <RequirePagesEditor>
      <Routes>
        <Route index element={<PagesList />} />
        <Route path=":id" element={<PageEditor />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </RequirePagesEditor>
  );
}

/** `/changemaker/templates/*`. */
export function TemplatesArea() {
  return (
    <RequirePagesEditor>
      <Routes>
        <Route index element={<TemplatesList />} />
        <Route path=":id" element={<TemplateEditor />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </RequirePagesEditor>
  );
}
