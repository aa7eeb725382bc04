import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { chartDays, percent, watchTime } from './Analytics';
import type { Comment, Dashboard, GalleryVideo, PlaylistDetail, Video, VideoPage } from './api';
import { moved } from './Playlists';
import { commentProblem } from './Social';

const VIDEO_ID = 'v-1';
const admin = makeUser({ id: 'u-admin', username: 'mia', role: 'MEDIA_ADMIN' });
const viewer = makeUser({ id: 'u-viewer', username: 'val', role: 'USER' });

function galleryVideo(overrides: Partial<GalleryVideo> = {}): GalleryVideo {
  return {
    id: VIDEO_ID,
    title: 'Town hall',
    description: 'Our first meeting',
    tags: [],
    category: null,
    duration_seconds: 3,
    width: 640,
    height: 360,
    orientation: 'landscape',
    quality: 'lower',
    thumbnail_url: null,
    published_at: '2026-05-01T10:00:00Z',
    views: 4,
    upvotes: 2,
    ...overrides,
  };
}

function videoPage(upvoted = false): VideoPage {
  return {
    video: galleryVideo(),
    playback: { url: 'https://s3.test/video.mp4', expires_at: '2026-05-01T11:00:00Z' },
    reactions: { like: 0, love: 0, laugh: 0, wow: 0, sad: 0, angry: 0, mine: null },
    upvoted,
    related: [],
  };
}

function comment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: 'c-1',
    video_id: VIDEO_ID,
    author_name: 'Val',
    body: 'Great rally',
    status: 'approved',
    mine: false,
    created_at: '2026-05-01T10:00:00Z',
    ...overrides,
  };
}

const page = <T,>(data: T[]) => ({ status: 200, body: { data, meta: { page: 1, limit: 20, total: data.length } } });

function playerServer(comments: Comment[] = []) {
  return new FakeServer()
    .on('GET', `/api/gallery/videos/${VIDEO_ID}`, { status: 200, body: { data: videoPage() } })
    .on('GET', `/api/gallery/videos/${VIDEO_ID}/comments`, page(comments));
}

describe('the rules of the media screens', () => {
  it('a comment needs text and fits in 2,000 characters', () => {
    expect(commentProblem('  ')).toBe('Write something first.');
    expect(commentProblem(' Hello ')).toBeNull();
    expect(commentProblem('é'.repeat(2000))).toBeNull();
    expect(commentProblem('é'.repeat(2001))).toContain('At most 2000');
  });

  it('moving a playlist entry stays within the list', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('analytics are written for people', () => {
    expect(percent(2 / 3)).toBe('67 %');
    expect(watchTime(42)).toBe('42 s');
    expect(watchTime(12 * 60 + 10)).toBe('12 min');
    expect(watchTime(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
    expect(chartDays([{ day: '2026-05-01', views: 3, watch_seconds: 90 }])).toEqual([{ label: expect.any(String), views: 3, minutes: 1.5 }]);
  });
});

describe('the player', () => {
  it('a visitor sees approved comments and is asked to sign in to comment, and upvotes', async () => {
    const server = playerServer([comment()]).on('PUT', `/api/gallery/videos/${VIDEO_ID}/upvote`, {
      status: 200,
      body: { data: { upvotes: 3, upvoted: true } },
    });
    const { user } = renderApp(`/gallery/${VIDEO_ID}`, { server });
    expect(await screen.findByText('Great rally')).toBeTruthy();
    expect(screen.getByText(/to comment/).textContent).toContain('Sign in to comment');
    expect(screen.queryByLabelText('Your comment')).toBeNull();
    const upvote = screen.getByRole('button', { name: /Upvote \(2\)/ });
    expect(upvote.getAttribute('aria-pressed')).toBe('false');
    await user.click(upvote);
    const pressed = await screen.findByRole('button', { name: /Upvoted \(3\)/ });
    expect(pressed.getAttribute('aria-pressed')).toBe('true');
  });

  it('a viewer posts a comment, is told it waits for a moderator, and sees it marked pending', async () => {
    let comments: Comment[] = [];
    const server = new FakeServer()
      .on('GET', `/api/gallery/videos/${VIDEO_ID}`, { status: 200, body: { data: videoPage() } })
      .on('GET', `/api/gallery/videos/${VIDEO_ID}/comments`, () => page(comments))
      .on('POST', `/api/gallery/videos/${VIDEO_ID}/comments`, (call) => {
        const posted = comment({ body: (call.body as { body: string }).body, status: 'pending', mine: true });
        comments = [posted];
        return { status: 201, body: { data: posted } };
      });
    const { user } = renderApp(`/gallery/${VIDEO_ID}`, { server, signedInAs: viewer });
    const box = await screen.findByLabelText('Your comment');
    await user.click(screen.getByRole('button', { name: 'Post comment' }));
    expect(await screen.findByText('Write something first.')).toBeTruthy();
    expect(server.callsTo('POST', `/api/gallery/videos/${VIDEO_ID}/comments`)).toHaveLength(0);
    await user.type(box, 'See you there');
    await user.click(screen.getByRole('button', { name: 'Post comment' }));
    expect((await screen.findByRole('status')).textContent).toContain('once a moderator approves it');
    const mine = await screen.findByText('See you there');
    const item = mine.closest('li') as HTMLElement;
    expect(within(item).getByText('Awaiting approval')).toBeTruthy();
    expect(within(item).getByRole('button', { name: 'Delete my comment' })).toBeTruthy();
  });

  it('a TEMP account cannot comment', async () => {
    renderApp(`/gallery/${VIDEO_ID}`, { server: playerServer(), signedInAs: makeUser({ role: 'TEMP' }) });
    expect(await screen.findByText('Your account cannot comment yet.')).toBeTruthy();
    expect(screen.queryByLabelText('Your comment')).toBeNull();
  });

  it('a preview link that expired says so', async () => {
    const server = new FakeServer().on('GET', '/api/gallery/preview/tok', errorReply(410, 'This preview link has expired', 'PREVIEW_EXPIRED'));
    renderApp('/gallery/preview/tok', { server });
    expect(await screen.findByRole('heading', { name: 'Preview unavailable' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('expired');
  });
});

function libraryVideo(overrides: Partial<Video> = {}): Video {
  return {
    id: VIDEO_ID,
    title: 'Town hall',
    description: '',
    tags: [],
    category: null,
    locked: false,
    status: 'ready',
    failure_reason: null,
    duplicate_of: null,
    original_filename: 'town.mp4',
    size_bytes: 1000,
    container: 'mp4',
    duration_seconds: 3,
    width: 640,
    height: 360,
    orientation: 'landscape',
    quality: 'lower',
    video_codec: 'h264',
    audio_codec: 'aac',
    has_audio: true,
    thumbnail_url: null,
    published_at: null,
    publish_at: null,
    unpublish_at: null,
    schedule_time_zone: null,
    processed_at: '2026-05-01T10:00:00Z',
    created_at: '2026-05-01T10:00:00Z',
    updated_at: '2026-05-01T10:00:00Z',
    ...overrides,
  };
}

describe('the library', () => {
  it('makes a preview link of an unpublished video, shows it once and copies it', async () => {
    const url = 'https://app.test/gallery/preview/secret';
    const server = new FakeServer()
      .on('GET', '/api/media/videos', page([libraryVideo()]))
      .on('GET', `/api/media/videos/${VIDEO_ID}/preview-links`, { status: 200, body: { data: [] } })
      .on('POST', `/api/media/videos/${VIDEO_ID}/preview-links`, {
        status: 201,
        body: {
          data: { id: 'l-1', video_id: VIDEO_ID, expires_at: '2026-05-02T10:00:00Z', revoked_at: null, active: true, created_at: '2026-05-01T10:00:00Z', url, token: 'secret' },
        },
      });
    const { user } = renderApp('/changemaker/media', { server, signedInAs: admin });
    await user.click(await screen.findByRole('button', { name: 'Create preview link' }));
    const field = (await screen.findByLabelText('Preview link for 24 hours (shown this once)')) as HTMLInputElement;
    expect(field.value).toBe(url);
    await user.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe(url);
  });

  it('approves a comment from the queue', async () => {
    const queued = {
      id: 'c-9',
      video_id: VIDEO_ID,
      video_title: 'Town hall',
      author_id: viewer.id,
      author_name: 'Val',
      body: 'Great rally',
      status: 'pending' as const,
      moderated_by: null,
      moderated_at: null,
      created_at: '2026-05-01T10:00:00Z',
    };
    let waiting = [queued];
    const server = new FakeServer()
      .on('GET', '/api/media/comments', (call) => page(call.query.get('status') === 'pending' ? waiting : []))
      .on('POST', '/api/media/comments/c-9/approve', () => {
        waiting = [];
        return { status: 200, body: { data: { ...queued, status: 'approved' } } };
      });
    const { user } = renderApp('/changemaker/media/comments', { server, signedInAs: admin });
    await user.click(await screen.findByRole('button', { name: 'Approve the comment of Val on Town hall' }));
    expect(await screen.findByText('No comments here.')).toBeTruthy();
    expect(server.callsTo('POST', '/api/media/comments/c-9/approve')).toHaveLength(1);
  });

  it('reorders a playlist with buttons, sending the whole new order, and keeps focus on the moved video', async () => {
    const entry = (id: string, title: string, position: number) => ({ position, video: libraryVideo({ id, title }) });
    const detail = (order: [string, string][]): PlaylistDetail => ({
      id: 'p-1',
      title: 'Spring',
      description: '',
      is_public: true,
      video_count: order.length,
      created_at: '2026-05-01T10:00:00Z',
      updated_at: '2026-05-01T10:00:00Z',
      videos: order.map(([id, title], i) => entry(id, title, i + 1)),
    });
    const server = new FakeServer()
      .on('GET', '/api/media/playlists/p-1', { status: 200, body: { data: detail([['a', 'Alpha'], ['b', 'Beta']]) } })
      .on('GET', '/api/media/videos', page([]))
      .on('PUT', '/api/media/playlists/p-1/order', { status: 200, body: { data: detail([['b', 'Beta'], ['a', 'Alpha']]) } });
    const { user } = renderApp('/changemaker/media/playlists/p-1', { server, signedInAs: admin });
    const up = await screen.findByRole('button', { name: 'Move Beta up' });
    expect((screen.getByRole('button', { name: 'Move Alpha up' }) as HTMLButtonElement).disabled).toBe(true);
    up.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(server.callsTo('PUT', '/api/media/playlists/p-1/order')[0]?.body).toEqual({ video_ids: ['b', 'a'] }));
    const list = screen.getByRole('list', { name: 'Videos in order' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')[0].textContent).toContain('Beta'));
    // Beta reached the top: focus moves to its other button.
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Move Beta down'));
  });
});

describe('analytics', () => {
  const totals = { views: 0, viewers: 0, watch_seconds: 0, completion_rate: 0, daily: [] };

  it('says when there are no views yet', async () => {
    const empty: Dashboard = { ...totals, top_videos: [] };
    const server = new FakeServer().on('GET', '/api/media/analytics', { status: 200, body: { data: empty } });
    renderApp('/changemaker/media/analytics', { server, signedInAs: admin });
    expect(await screen.findByText('No views in this period yet.')).toBeTruthy();
  });

  it('shows totals and the top videos, and asks again for another period', async () => {
    const full: Dashboard = {
      views: 3,
      viewers: 2,
      watch_seconds: 150,
      completion_rate: 2 / 3,
      daily: [{ day: '2026-05-01', views: 3, watch_seconds: 150 }],
      top_videos: [{ id: VIDEO_ID, title: 'Town hall', views: 3, watch_seconds: 150, completion_rate: 2 / 3 }],
    };
    const server = new FakeServer().on('GET', '/api/media/analytics', { status: 200, body: { data: full } });
    const { user } = renderApp('/changemaker/media/analytics', { server, signedInAs: admin });
    const totalsList = await screen.findByLabelText('Totals');
    expect(totalsList.textContent).toContain('67 %');
    expect(totalsList.textContent).toContain('3 min');
    const row = screen.getByRole('row', { name: /Town hall/ });
    expect(row.textContent).toContain('67 %');
    await user.selectOptions(screen.getByLabelText('Period'), '7');
    await waitFor(() => expect(server.callsTo('GET', '/api/media/analytics').at(-1)?.query.get('days')).toBe('7'));
  });

  it('shows the server’s error', async () => {
    const server = new FakeServer().on('GET', '/api/media/analytics', errorReply(503, 'The database is unavailable', 'UNAVAILABLE'));
    renderApp('/changemaker/media/analytics', { server, signedInAs: admin });
    expect((await screen.findByRole('alert')).textContent).toContain('unavailable');
  });
});
