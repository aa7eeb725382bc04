/**
 * `/changemaker/media/playlists`: the playlists, a form for a new one, and
 * the editor of one (title, description, public or not, and its videos:
 * added from the library, moved up or down with buttons, taken out).
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { Checkbox, Field, FormError, Loading, Notice, SubmitButton, TextArea } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { formatDay } from '../../trajectory/dates';
import { type PlaylistDetail, type PlaylistFields, useMediaApi } from './api';

/** `ids` with the one at `index` moved by `delta` places; unchanged when it would leave the list. */
export function moved<T>(ids: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  const next = [...ids];
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return next;
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item);
  return next;
}

export function PlaylistList() {
  usePageTitle('Playlists');
  const api = useMediaApi();
  const navigate = useNavigate();
  const playlists = useLoad(() => api.playlists(), [api]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    try {
      const created = await api.createPlaylist({ title, description: '', is_public: false });
      navigate(`/changemaker/media/playlists/${created.id}`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };
  return (
    <section aria-labelledby="playlists-heading">
      <h1 id="playlists-heading">Playlists</h1>
      <form onSubmit={(e) => void create(e)} noValidate className="card">
        <Field label="New playlist title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} error={error ?? undefined} />
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create playlist
        </SubmitButton>
      </form>
      <FormError message={playlists.error} />
      {playlists.loading && !playlists.data && <Loading />}
      {playlists.data && playlists.data.data.length === 0 && <p className="muted">No playlists yet.</p>}
      <ul>
        {playlists.data?.data.map((p) => (
          <li key={p.id}>
            <Link to={`/changemaker/media/playlists/${p.id}`}>{p.title}</Link> <span className="muted">({p.video_count} videos{p.is_public ? ', public' : ''}, since {formatDay(p.created_at)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PlaylistEditor() {
  const { id = '' } = useParams();
  const api = useMediaApi();
  const navigate = useNavigate();
  const playlist = useLoad(() => api.playlist(id), [api, id]);
  const library = useLoad(() => api.videos(), [api]);
  usePageTitle(playlist.data?.title ?? 'Playlist');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // After a move by keyboard, focus stays on the moved video's button (or its
  // other one, when it reached an end), so it can be moved again at once.
  const refocus = useRef<{ video: string; way: 'up' | 'down' } | null>(null);
  useEffect(() => {
    const wanted = refocus.current;
    if (!wanted) return;
    refocus.current = null;
    const button = (way: string) => document.querySelector<HTMLButtonElement>(`[data-move="${wanted.video}:${way}"]`);
    const same = button(wanted.way);
    (same && !same.disabled ? same : button(wanted.way === 'up' ? 'down' : 'up'))?.focus();
  }, [playlist.data]);
  const change = (work: Promise<PlaylistDetail>, done?: string) =>
    work.then(
      (next) => {
        setError(null);
        setNotice(done ?? null);
        playlist.setData(next);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );

  if (playlist.error) return <FormError message={playlist.error} />;
  if (!playlist.data) return <Loading />;
  const detail = playlist.data;
  const ids = detail.videos.map((entry) => entry.video.id);
  const addable = library.data?.data.filter((v) => !ids.includes(v.id)) ?? [];
  const move = (index: number, delta: number) => {
    const { title, id: video } = detail.videos[index].video;
    refocus.current = { video, way: delta < 0 ? 'up' : 'down' };
    void change(api.reorderPlaylist(id, moved(ids, index, delta)), `${title} moved ${delta < 0 ? 'up' : 'down'}.`);
  };
  return (
    <section aria-labelledby="playlist-heading">
      <h1 id="playlist-heading">{detail.title}</h1>
      <p>
        <Link to="/changemaker/media/playlists">All playlists</Link>
      </p>
      <PlaylistForm key={detail.updated_at} detail={detail} onSave={(fields) => change(api.updatePlaylist(id, fields), 'Saved.')} />
      {notice && <Notice>{notice}</Notice>}
      <FormError message={error} />
      <h2>Videos</h2>
      {detail.videos.length === 0 && <p className="muted">No videos yet.</p>}
      <ol aria-label="Videos in order">
        {detail.videos.map((entry, index) => (
          <li key={entry.video.id}>
            {entry.video.title} {entry.video.published_at ? '' : <span className="badge">not published</span>}{' '}
            <button type="button" data-move={`${entry.video.id}:up`} disabled={index === 0} aria-label={`Move ${entry.video.title} up`} onClick={() => move(index, -1)}>
              ↑
            </button>{' '}
            <button
              type="button"
              data-move={`${entry.video.id}:down`}
              disabled={index === ids.length - 1}
              aria-label={`Move ${entry.video.title} down`} onClick={() => move(index, 1)}>
              ↓
            </button>{' '}
            <button type="button" aria-label={`Remove ${entry.video.title}`} onClick={() => void change(api.takeFromPlaylist(id, entry.video.id))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      <AddVideo videos={addable} onAdd={(videoId) => change(api.addToPlaylist(id, videoId))} />
      <p>
        <button
          type="button"
          onClick={() => api.removePlaylist(id).then(() => navigate('/changemaker/media/playlists'), (caught: unknown) => setError(errorMessage(caught)))}
        >
          Delete playlist
        </button>
      </p>
    </section>
  );
}

function PlaylistForm({ detail, onSave }: { detail: PlaylistDetail; onSave(fields: PlaylistFields): void }) {
  const [fields, setFields] = useState<PlaylistFields>({ title: detail.title, description: detail.description, is_public: detail.is_public });
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave(fields);
      }}
    >
      <Field label="Title" name="title" value={fields.title} onChange={(e) => setFields({ ...fields, title: e.target.value })} />
      <TextArea label="Description" name="description" value={fields.description ?? ''} onChange={(e) => setFields({ ...fields, description: e.target.value })} />
      <Checkbox label="Public in the gallery" checked={fields.is_public ?? false} onChange={(is_public) => setFields({ ...fields, is_public })} />
      <button type="submit" className="primary">
        Save
      </button>
    </form>
  );
}

function AddVideo({ videos, onAdd }: { videos: { id: string; title: string }[]; onAdd(id: string): void }) {
  const [choice, setChoice] = useState('');
  if (videos.length === 0) return null;
  return (
    <p>
      <label>
        Add a video{' '}
        <select value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">Choose…</option>
          {videos.map((v) => (
            <option key={v.id} value={v.id}>
              {v.title}
            </option>
          ))}
        </select>
      </label>{' '}
      <button
        type="button"
        disabled={!choice}
        onClick={() => {
          onAdd(choice);
          setChoice('');
        }}
      >
        Add
      </button>
    </p>
  );
}
