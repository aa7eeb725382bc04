/**
 * The Media module's screens: the video library for its admins (SUPER_ADMIN,
 * MEDIA_ADMIN) under /changemaker/media, with comment moderation, playlists
 * and analytics beside it, and the public gallery at /gallery.
 * App.tsx mounts each area with one line.
 */
import { NavLink, Route, Routes } from 'react-router-dom';
import { NotFound } from '../../shell/layouts';
import { RequireMediaAdmin } from './access';
import { AnalyticsDashboard, VideoAnalytics } from './Analytics';
import { MediaLibrary } from './MediaLibrary';
import { ModerationQueue } from './ModerationQueue';
import { PlaylistEditor, PlaylistList } from './Playlists';

export { PublicGallery } from './Gallery';

const BASE = '/changemaker/media';

function MediaNav() {
  return (
    <nav aria-label="Media" className="actions">
      <NavLink to={BASE} end>
        Library
      </NavLink>{' '}
      <NavLink to={`${BASE}/comments`}>Comments</NavLink> <NavLink to={`${BASE}/playlists`}>Playlists</NavLink>{' '}
      <NavLink to={`${BASE}/analytics`}>Analytics</NavLink>
    </nav>
  );
}

/** `/changemaker/media/*`. */
export function MediaArea() {
  return (
    <RequireMediaAdmin>
      <MediaNav />
      <Routes>
        <Route index element={<MediaLibrary />} />
        <Route path="comments" element={<ModerationQueue />} />
        <Route path="playlists" element={<PlaylistList />} />
        <Route path="playlists/:id" element={<PlaylistEditor />} />
        <Route path="analytics" element={<AnalyticsDashboard />} />
        <Route path="videos/:id/analytics" element={<VideoAnalytics />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </RequireMediaAdmin>
  );
}
