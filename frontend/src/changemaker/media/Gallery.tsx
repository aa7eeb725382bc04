import { useEffect, useRef, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { NotFound } from '../../shell/layouts';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { type Reaction, type Reactions, useMediaApi } from './api';

const REACTIONS: [Reaction, string][] = [
  ['like', '👍'],
  ['love', '❤️'],
  ['laugh', '😂'],
  ['wow', '😮'],
  ['sad', '😢'],
  ['angry', '😠'],
];

/** `/gallery/*`: the public gallery and its player. */
export function PublicGallery() {
  return (
    <main className="gallery">
      <Routes>
        <Route index element={<GalleryList />} />
        <Route path=":id" element={<Player />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </main>
  );
}

function GalleryList() {
  usePageTitle('Video gallery');
  const api = useMediaApi();
  const videos = useLoad(() => api.gallery(), [api]);
  return (
    <section aria-labelledby="gallery-heading">
      <h1 id="gallery-heading">Video gallery</h1>
      {videos.error && <p role="alert">{videos.error}</p>}
      <ul className="gallery-grid">
        {videos.data?.data.map((video) => (
          <li key={video.id} className="card">
            <Link to={`/gallery/${video.id}`}>
              {video.thumbnail_url && <img src={video.thumbnail_url} alt="" width={320} />}
              <h2>{video.title}</h2>
            </Link>
            <p className="muted">{video.views} views</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Watched stretches are sent in batches every 10 s and when playback stops. */
const BATCH_MS = 10_000;

function Player() {
  const { id = '' } = useParams();
  const api = useMediaApi();
  const page = useLoad(() => api.galleryVideo(id), [api, id]);
  usePageTitle(page.data?.video.title ?? 'Video');
  const [reactions, setReactions] = useState<Reactions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const view = useRef<string | null>(null);
  const pending = useRef<{ from: number; to: number }[]>([]);
  const last = useRef<number | null>(null);

  const flush = () => {
    const segments = pending.current.splice(0);
    if (view.current && segments.length) api.progress(view.current, segments).catch(() => undefined);
  };
  useEffect(() => {
    const timer = window.setInterval(flush, BATCH_MS);
    return () => {
      window.clearInterval(timer);
      flush();
    };
  });

  if (page.error) return <p role="alert">{page.error}</p>;
  if (!page.data) return <p>Loading…</p>;
  const { video, playback, related } = page.data;
  const counts = reactions ?? page.data.reactions;
  const react = (reaction: Reaction) =>
    api.react(video.id, counts.mine === reaction ? null : reaction).then(setReactions, (e: unknown) => setError(errorMessage(e)));
  return (
    <article>
      <h1>{video.title}</h1>
      <video
        controls
        playsInline
        src={playback.url}
        poster={video.thumbnail_url ?? undefined}
        style={{ width: '100%', maxWidth: 960 }}
        onPlay={(e) => {
          last.current = e.currentTarget.currentTime;
          if (!view.current) api.play(video.id).then((play) => (view.current = play.view_id), () => undefined);
        }}
        onTimeUpdate={(e) => {
          const now = e.currentTarget.currentTime;
          if (last.current !== null && now > last.current && now - last.current < 2) {
            pending.current.push({ from: last.current, to: now });
          }
          last.current = now;
        }}
        onPause={flush}
        onEnded={flush}
      />
      <p>{video.description}</p>
      <p aria-label="Reactions">
        {REACTIONS.map(([reaction, emoji]) => (
          <button key={reaction} type="button" aria-pressed={counts.mine === reaction} onClick={() => react(reaction)}>
            {emoji} {counts[reaction]}
          </button>
        ))}
      </p>
      {error && <p role="alert">{error}</p>}
      {related.length > 0 && (
        <>
          <h2>Related videos</h2>
          <ul>
            {related.map((r) => (
              <li key={r.id}>
                <Link to={`/gallery/${r.id}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/gallery">All videos</Link>
      </p>
    </article>
  );
}
