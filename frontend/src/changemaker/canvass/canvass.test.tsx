import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeServer, errorReply, makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { forgetCanvass } from './store';
import { CUT_ID, SESSION_ID, makeHousehold, makeSession, makeVisit } from './testData';
import { canvassQueue } from './useQueue';
import type { CanvassCut, CanvassDashboard, SyncRequest, CanvassVisit } from './types';

const volunteer = makeUser();
const organiser = makeUser({ id: '00000000-0000-4000-8000-000000000009', username: 'org', role: 'MAP_ADMIN' });

const cut: CanvassCut = {
  id: CUT_ID,
  name: 'Elm Street',
  category: 'custom',
  colour: '#3388ff',
  geometry: { type: 'MultiPolygon', coordinates: [] },
  addresses: 3,
  visited: 1,
  coverage_pct: 33.3,
};
const households = [1, 2, 3].map((n) => makeHousehold(n));
/** "Start canvassing Elm Street" (jsdom drops the space before the hidden words). */
const START = /^Start\s*canvassing Elm Street$/;

/** The canvass API with one cut, a session that starts, and a sync that records everything sent. */
function canvassServer() {
  const synced: SyncRequest[] = [];
  const server = new FakeServer()
    .on('GET', '/api/canvass/cuts', { status: 200, body: { data: [cut] } })
    .on('GET', '/api/canvass/sessions/current', { status: 200, body: { data: null } })
    .on('POST', '/api/canvass/sessions', { status: 201, body: { data: makeSession() } })
    .on('GET', `/api/canvass/sessions/${SESSION_ID}`, { status: 200, body: { data: makeSession() } })
    .on('GET', `/api/canvass/sessions/${SESSION_ID}/households`, { status: 200, body: { data: households } })
    .on('POST', '/api/canvass/sync', (call) => {
      const request = call.body as SyncRequest;
      synced.push(request);
      return { status: 200, body: { data: { results: request.visits.map((v) => ({ id: v.id, status: 'recorded' })), track_accepted: 0 } } };
    });
  return { server, synced };
}

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  act(() => {
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  });
}

afterEach(async () => {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => true });
  await forgetCanvass();
});

describe('canvassing', () => {
  it('starts a session on a cut and records a visit, which syncs at once', async () => {
    const { server, synced } = canvassServer();
    const { user } = renderApp('/changemaker/canvass', { server, signedInAs: volunteer });
    await user.click(await screen.findByRole('button', { name: START }));
    expect(server.callsTo('POST', '/api/canvass/sessions')[0].body).toEqual({ cut_id: CUT_ID });

    const todo = await screen.findByRole('list', { name: 'Doors to visit' });
    expect(within(todo).getAllByRole('button').map((b) => b.querySelector('strong')?.textContent)).toEqual([
      '1 Elm Street',
      '2 Elm Street',
      '3 Elm Street',
    ]);
    await user.click(within(todo).getByRole('button', { name: /2 Elm Street/ }));
    await user.click(screen.getByRole('button', { name: 'Spoke with' }));
    await user.click(screen.getByLabelText('1 · Strong support'));
    await user.click(screen.getByRole('button', { name: 'Save visit' }));

    await waitFor(() => expect(screen.getByRole('status', { name: '' }).textContent).toBe('All visits synced'));
    expect(synced).toHaveLength(1);
    expect(synced[0].visits).toEqual([
      expect.objectContaining({ session_id: SESSION_ID, location_id: households[1].id, outcome: 'spoke_with', support_level: 1 }),
    ]);
    expect(synced[0].visits[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const done = screen.getByRole('list', { name: 'Doors done this session' });
    expect(within(done).getByRole('button').textContent).toContain('Spoke with');
    // The focus moves on to the next door to knock.
    expect(document.activeElement?.textContent).toContain('1 Elm Street');
  });

  it('keeps visits on the phone while offline and sends them once back online', async () => {
    const { server, synced } = canvassServer();
    const { user } = renderApp('/changemaker/canvass', { server, signedInAs: volunteer });
    await user.click(await screen.findByRole('button', { name: START }));
    await screen.findByRole('list', { name: 'Doors to visit' });

    setOnline(false);
    for (const door of ['1 Elm Street', '3 Elm Street']) {
      await user.click(within(screen.getByRole('list', { name: 'Doors to visit' })).getByRole('button', { name: new RegExp(door) }));
      await user.click(screen.getByRole('button', { name: 'Not home' }));
      await user.click(screen.getByRole('button', { name: 'Save visit' }));
    }
    expect(await screen.findByText('Offline · 2 visits waiting')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Doors done this session' })).getAllByRole('button')).toHaveLength(2);
    expect(synced).toHaveLength(0);

    setOnline(true);
    expect(await screen.findByText('All visits synced')).toBeTruthy();
    expect(synced.flatMap((r) => r.visits.map((v) => v.location_id))).toEqual([households[0].id, households[2].id]);
  });

  it('resumes the session already under way when starting another', async () => {
    const { server } = canvassServer();
    server.on('POST', '/api/canvass/sessions', {
      status: 409,
      body: { error: 'You already have an active session', code: 'SESSION_ACTIVE', details: { session_id: SESSION_ID } },
    });
    const { user } = renderApp('/changemaker/canvass', { server, signedInAs: volunteer });
    await user.click(await screen.findByRole('button', { name: START }));
    expect(await screen.findByText('You were already walking Elm Street: carry on where you left off.')).toBeTruthy();
    expect(await screen.findByRole('list', { name: 'Doors to visit' })).toBeTruthy();
  });

  it('ends the session once its visits are sent, and offers the cuts again', async () => {
    const { server } = canvassServer();
    server.on('POST', `/api/canvass/sessions/${SESSION_ID}/complete`, {
      status: 200,
      body: { data: makeSession({ status: 'completed', ended_at: '2025-06-10T11:00:00Z' }) },
    });
    const { user } = renderApp('/changemaker/canvass', { server, signedInAs: volunteer });
    await user.click(await screen.findByRole('button', { name: START }));
    await user.click(await screen.findByRole('button', { name: 'End session' }));
    await user.click(screen.getByRole('button', { name: 'Yes, end the session' }));
    expect(await screen.findByText('Your session on Elm Street has ended.')).toBeTruthy();
    expect(server.callsTo('POST', `/api/canvass/sessions/${SESSION_ID}/complete`)).toHaveLength(1);
    expect(await screen.findByRole('heading', { name: 'Pick a cut to walk' })).toBeTruthy();
  });

  it('says plainly when the cuts cannot load', async () => {
    const server = new FakeServer().on('GET', '/api/canvass/cuts', errorReply(503, 'The database is unavailable', 'UNAVAILABLE'));
    server.on('GET', '/api/canvass/sessions/current', { status: 200, body: { data: null } });
    renderApp('/changemaker/canvass', { server, signedInAs: volunteer });
    expect((await screen.findByRole('alert')).textContent).toBe('The database is unavailable');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('opens the kept walk when the app starts without a network, and forgets it on logout', async () => {
    await canvassQueue().keepWalk(makeSession(), households);
    await canvassQueue().record(makeVisit({ location_id: households[2].id }), '3 Elm Street');
    Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => false });
    const offline = new FakeServer().on('POST', '/api/auth/refresh', () => Promise.reject(new TypeError('Failed to fetch')));
    const view = renderApp('/changemaker/canvass', { server: offline, sessionHint: true });
    expect(await screen.findByRole('heading', { name: 'Elm Street', level: 1 })).toBeTruthy();
    expect(screen.getByText('Offline · 1 visit waiting')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Doors done this session' })).getByRole('button').textContent).toContain('3 Elm Street');
    view.unmount();

    const { server } = canvassServer();
    server.on('POST', '/api/auth/logout', { status: 204 });
    const { user } = renderApp('/changemaker/canvass', { server, signedInAs: volunteer });
    await screen.findByRole('heading', { name: 'Elm Street', level: 1 });
    // The visit still waits, so logging out asks first.
    const ask = vi.spyOn(window, 'confirm').mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    await waitFor(() => expect(ask).toHaveBeenCalledTimes(1));
    ask.mockRestore();
    await waitFor(async () => expect((await canvassQueue().state()).walk).toBeNull());
    expect((await canvassQueue().state()).waiting).toEqual([]);
  });

  it('is closed to temporary accounts, and the dashboard to everyone but its organisers', async () => {
    const view = renderApp('/changemaker/canvass', { signedInAs: makeUser({ role: 'TEMP' }) });
    expect(await screen.findByText(/An organiser must make it a volunteer's account/)).toBeTruthy();
    view.unmount();
    renderApp('/changemaker/canvass/dashboard', { signedInAs: volunteer });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeTruthy();
  });
});

describe('the canvass dashboard', () => {
  it('shows the totals, who is out, the latest visits, the leaderboard and each cut', async () => {
    const dashboard: CanvassDashboard = {
      totals: { visits_today: 12, active_sessions: 1, volunteers_today: 2 },
      active_sessions: [{ ...makeSession({ visits: 4, distance_m: 1250 }), last_point: null }],
      leaderboard: [{ volunteer_id: volunteer.id, volunteer_name: 'Ada Lovelace', visits: 12, spoke_with: 5, sessions: 2, distance_m: 300 }],
      cuts: [{ cut_id: CUT_ID, name: 'Elm Street', colour: '#3388ff', addresses: 3, visited: 1, coverage_pct: 33.3 }],
    };
    const visit: CanvassVisit = {
      id: 'v-1',
      session_id: SESSION_ID,
      location_id: households[0].id,
      address: '1 Elm Street',
      unit: '',
      volunteer_id: volunteer.id,
      volunteer_name: 'Ada Lovelace',
      outcome: 'spoke_with',
      support_level: 2,
      sign_requested: true,
      sign_size: 'small',
      notes: '',
      visited_at: '2025-06-10T09:30:00Z',
      recorded_at: '2025-06-10T09:31:00Z',
    };
    const server = new FakeServer()
      .on('GET', '/api/canvass/dashboard', { status: 200, body: { data: dashboard } })
      .on('GET', '/api/canvass/visits', { status: 200, body: { data: [visit], meta: { page: 1, limit: 50, total: 1 } } });
    renderApp('/changemaker/canvass/dashboard', { server, signedInAs: organiser });

    expect((await screen.findByTestId('visits-today')).textContent).toBe('12');
    const out = screen.getByRole('table', { name: 'Sessions under way' });
    expect(within(out).getByText('1.3 km')).toBeTruthy();
    const feed = await screen.findByRole('list', { name: 'Latest visits' });
    expect(feed.textContent).toContain('1 Elm Street · Spoke with · support 2 · Leaning support · wants a small sign · Ada Lovelace');
    expect(within(screen.getByRole('table', { name: 'Leaderboard' })).getByText('Ada Lovelace')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Elm Street: 33% visited' })).toBeTruthy();
  });
});
