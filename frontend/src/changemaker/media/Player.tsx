/**
 * The gallery's player page: the video (its plays and watched stretches go to
 * the analytics), reactions, the upvote, comments and related videos; and the
 * page of a preview link, which plays an unpublished video and counts nothing.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { FormError, Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { formatMoment } from '../../trajectory/dates';
import { type Reaction, type Reactions, useMediaApi } from './api';
import { Comments, UpvoteButton } from './Social';

const REACTIONS: [Reaction, string][] = [
  ['like', '👍'],
  ['love', '❤️'],
  ['laugh', '😂'],
  ['wow', '😮'],
  ['sad', '😢'],
  ['angry', '😠'],
];

/** Watched stretches are sent in batches every 10 s and when playback stops. */
const BATCH_MS = 10_000;

export function Player() {
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

  if (page.error) return <FormError message={page.error} />;
  if (!page.data) return <Loading />;
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
      <p className="muted">
        {video.views} views{video.published_at && <> · published {formatMoment(video.published_at)}</>}
      </p>
      <p>{video.description}</p>
      <p aria-label="Reactions">
        {REACTIONS.map(([reaction, emoji]) => (
          <button key={reaction} type="button" aria-pressed={counts.mine === reaction} onClick={() => react(reaction)}>
            {emoji} {counts[reaction]}
          </button>
        ))}{' '}
        <UpvoteButton key={video.id} api={api} videoId={video.id} upvotes={video.upvotes} upvoted={page.data.upvoted} />
      </p>
      <FormError message={error} />
      <Comments key={`comments-${video.id}`} api={api} videoId={video.id} />
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

/** `/gallery/preview/:token`: an unpublished video through its 24-hour link. */
export function PreviewPlayer() {
  const { token = '' } = useParams();
  const api = useMediaApi();
  const preview = useLoad(() => api.preview(token), [api, token]);
  usePageTitle(preview.data?.video.title ?? 'Preview');
  if (preview.error) {
    return (
      <section>
        <h1>Preview unavailable</h1>
        <FormError message={preview.error} />
      </section>
    );
  }
  if (!preview.data) return <Loading />;
  const { video, playback, expires_at } = preview.data;
  return (
    <article>
      <p className="badge">Preview: not public yet</p>
      <h1>{video.title}</h1>
      <video controls playsInline src={playback.url} poster={video.thumbnail_url ?? undefined} style={{ width: '100%', maxWidth: 960 }} />
      <p>{video.description}</p>
      <p className="muted">This link works until {formatMoment(expires_at)}.</p>
    </article>
  );
}
