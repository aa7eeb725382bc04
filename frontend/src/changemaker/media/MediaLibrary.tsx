import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { type Video, useMediaApi } from './api';
import { PreviewLinks } from './PreviewLinks';
import { UploadQueue } from './UploadQueue';

/** While a video is on its way, the library looks again this often. */
const POLL_MS = 2000;

/** The admin's time zone, as the browser knows it. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The library: the upload queue, then every video with its state and actions. */
export function MediaLibrary() {
  usePageTitle('Video library');
  const api = useMediaApi();
  const videos = useLoad(() => api.videos(), [api]);
  const [error, setError] = useState<string | null>(null);
  const busy = videos.data?.data.some((v) => v.status === 'uploading' || v.status === 'processing') ?? false;
  const { reload } = videos;
  useEffect(() => {
    if (!busy) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [busy, reload, videos.data]);
  const act = (work: Promise<unknown>) =>
    work.then(
      () => videos.reload(),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  return (
    <section aria-labelledby="library-heading">
      <h1 id="library-heading">Video library</h1>
      <UploadQueue api={api} onUploaded={() => videos.reload()} />
      <p>
        <button type="button" onClick={() => videos.reload()}>
          Refresh
        </button>
      </p>
      {error && <p role="alert">{error}</p>}
      {videos.error && <p role="alert">{videos.error}</p>}
      <ul className="video-list">
        {videos.data?.data.map((video) => (
          <VideoRow key={video.id} video={video} act={act} api={api} />
        ))}
      </ul>
    </section>
  );
}

function VideoRow({ video, act, api }: { video: Video; act(work: Promise<unknown>): void; api: ReturnType<typeof useMediaApi> }) {
  const [publishAt, setPublishAt] = useState('');
  const status = video.published_at ? 'published' : video.status;
  return (
    <li className="card" data-video={video.title}>
      {video.thumbnail_url && <img src={video.thumbnail_url} alt={`Thumbnail of ${video.title}`} width={160} />}
      <h2>{video.title}</h2>
      <p>
        <span className="badge">{status}</span>{' '}
        {video.status === 'ready' &&
          `${video.width}×${video.height} · ${video.quality} · ${Math.round(video.duration_seconds ?? 0)} s`}
        {video.failure_reason && <span role="alert"> {video.failure_reason}</span>}
      </p>
      {video.publish_at && (
        <p>
          Publishes {new Date(video.publish_at).toLocaleString(undefined, { timeZone: video.schedule_time_zone ?? TIME_ZONE })} (
          {video.schedule_time_zone})
        </p>
      )}
      {video.status === 'ready' && (
        <p>
          <button type="button" onClick={() => act(api.publish(video.id, !video.published_at))}>
            {video.published_at ? 'Unpublish' : 'Publish now'}
          </button>{' '}
          <label>
            Publish at ({TIME_ZONE}){' '}
            <input type="datetime-local" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />
          </label>{' '}
          <button
            type="button"
            disabled={!publishAt}
            onClick={() => act(api.schedule(video.id, { time_zone: TIME_ZONE, publish_at: publishAt, unpublish_at: null }))}
          >
            Schedule
          </button>
        </p>
      )}
      {video.status === 'ready' && !video.published_at && <PreviewLinks api={api} video={video} />}
      <p>
        {video.status === 'ready' && <Link to={`/changemaker/media/videos/${video.id}/analytics`}>Analytics of {video.title}</Link>}{' '}
        {video.status !== 'uploading' && (
          <button type="button" onClick={() => act(api.remove(video.id))}>
            Delete
          </button>
        )}
      </p>
    </li>
  );
}
