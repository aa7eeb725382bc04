import { useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { NotFound } from '../../shell/layouts';
import { FormError, Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { type GalleryOrder, type GalleryVideo, useMediaApi } from './api';
import { Player, PreviewPlayer } from './Player';

const ORDERS: [GalleryOrder, string][] = [
  ['recent', 'Newest'],
  ['popular', 'Most viewed'],
  ['upvoted', 'Most upvoted'],
];

/** `/gallery/*`: the public gallery, its playlists and its player. */
export function PublicGallery() {
  return (
    <main className="gallery">
      <Routes>
        <Route index element={<GalleryList />} />
        <Route path="playlists/:id" element={<PlaylistView />} />
        <Route path="preview/:token" element={<PreviewPlayer />} />
        <Route path=":id" element={<Player />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </main>
  );
}

function VideoCards({ videos }: { videos: GalleryVideo[] }) {
  return (
    <ul className="gallery-grid">
      {videos.map((video) => (
        <li key={video.id} className="card">
          <Link to={`/gallery/${video.id}`}>
            {video.thumbnail_url && <img src={video.thumbnail_url} alt="" width={320} />}
            <h2>{video.title}</h2>
          </Link>
          <p className="muted">
            {video.views} views · {video.upvotes} upvotes
          </p>
        </li>
      ))}
    </ul>
  );
}

function GalleryList() {
  usePageTitle('Video gallery');
  const api = useMediaApi();
  const [sort, setSort] = useState<GalleryOrder>('recent');
  const videos = useLoad(() => api.gallery({ sort }), [api, sort]);
  const playlists = useLoad(() => api.publicPlaylists(), [api]);
  return (
    <>
      <section aria-labelledby="gallery-heading">
        <h1 id="gallery-heading">Video gallery</h1>
        <label>
          Order{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as GalleryOrder)}>
            {ORDERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <FormError message={videos.error} />
        {videos.loading && !videos.data && <Loading />}
        {videos.data && videos.data.data.length === 0 && <p className="muted">No videos yet.</p>}
        <VideoCards videos={videos.data?.data ?? []} />
      </section>
      {playlists.data && playlists.data.data.length > 0 && (
        <section aria-labelledby="playlists-heading">
          <h2 id="playlists-heading">Playlists</h2>
          <ul>
            {playlists.data.data.map((playlist) => (
              <li key={playlist.id}>
                <Link to={`/gallery/playlists/${playlist.id}`}>{playlist.title}</Link>{' '}
                <span className="muted">({playlist.videos} videos)</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <FormError message={playlists.error} />
    </>
  );
}

/** `/gallery/playlists/:id`: a public playlist's videos, in order. */
function PlaylistView() {
  const { id = '' } = useParams();
  const api = useMediaApi();
  const page = useLoad(() => api.publicPlaylist(id), [api, id]);
  usePageTitle(page.data?.playlist.title ?? 'Playlist');
  if (page.error) return <FormError message={page.error} />;
  if (!page.data) return <Loading />;
  const { playlist, videos } = page.data;
  return (
    <section aria-labelledby="playlist-heading">
      <h1 id="playlist-heading">{playlist.title}</h1>
      {playlist.description && <p>{playlist.description}</p>}
      {videos.length === 0 ? <p className="muted">No videos in this playlist yet.</p> : <VideoCards videos={videos} />}
      <p>
        <Link to="/gallery">All videos</Link>
      </p>
    </section>
  );
}
