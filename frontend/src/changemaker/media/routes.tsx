/**
 * The Media module's screens: the video library for its admins (SUPER_ADMIN,
 * MEDIA_ADMIN) under /changemaker/media, and the public gallery at /gallery.
 * App.tsx mounts each area with one line.
 */
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../shell/layouts';
import { RequireMediaAdmin } from './access';
import { MediaLibrary } from './MediaLibrary';

export { PublicGallery } from './Gallery';

/** `/changemaker/media/*`. */
export function MediaArea() {
  return (
    <RequireMediaAdmin>
      <Routes>
        <Route index element={<MediaLibrary />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </RequireMediaAdmin>
  );
}
