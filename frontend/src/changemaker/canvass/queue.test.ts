import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { CanvassQueue, POINTS_PER_TRACK, TRACKS_PER_SYNC, VISITS_PER_SYNC, type SyncApi } from './queue';
import { memoryStorage } from './store';
import { SESSION_ID, makeHousehold, makeSession, makeVisit } from './testData';
import type { SyncRequest, SyncResponse, SyncStatus } from './types';

/** A server that answers every visit with `status` (or what `judge` says), and records the requests. */
function fakeServer(judge: (id: string) => SyncStatus = () => 'recorded') {
  const requests: SyncRequest[] = [];
  const completed: string[] = [];
  const api: SyncApi & { offline: boolean; completeError?: unknown } = {
    offline: false,
    async sync(request) {
      if (api.offline) throw new ApiError(0, { error: 'Could not reach the server', code: 'NETWORK' });
      requests.push(structuredClone(request));
      const results = request.visits.map((v) => {
        const status = judge(v.id);
        return status === 'rejected'
          ? { id: v.id, status, code: 'SESSION_NOT_FOUND', error: 'This session is not yours' }
          : { id: v.id, status, code: null, error: null };
      });
      return { results, track_accepted: request.track?.reduce((n, t) => n + t.points.length, 0) ?? 0 } satisfies SyncResponse;
    },
    async completeSession(id) {
      if (api.offline) throw new ApiError(0, { error: 'Could not reach the server', code: 'NETWORK' });
      if (api.completeError) throw api.completeError;
      completed.push(id);
    },
  };
  return { api, requests, completed };
}

async function queueWithWalk() {
  const storage = memoryStorage();
  const queue = new CanvassQueue(storage);
  await queue.keepWalk(makeSession(), [1, 2, 3].map((n) => makeHousehold(n)));
  return { storage, queue };
}

describe('the canvass queue', () => {
  it('keeps a visit and marks its door at once, and still has both after a reload', async () => {
    const { storage, queue } = await queueWithWalk();
    const visit = makeVisit({ location_id: makeHousehold(2).id, outcome: 'spoke_with', support_level: 1 });
    await queue.record(visit, '2 Elm Street');

    const reloaded = await new CanvassQueue(storage).state();
    expect(reloaded.waiting).toEqual([{ visit, label: '2 Elm Street' }]);
    expect(reloaded.walk?.marks).toEqual({ [makeHousehold(2).id]: { outcome: 'spoke_with', at: visit.visited_at } });
  });

  it('marks every unit at the address for a whole-building "not home", and keeps the latest visit of a door', async () => {
    const storage = memoryStorage();
    const queue = new CanvassQueue(storage);
    const units = ['1', '2', '3'].map((unit, i) => makeHousehold(i + 1, { address: '40 Oak Avenue', unit }));
    await queue.keepWalk(makeSession(), [...units, makeHousehold(4)]);
    await queue.record(makeVisit({ location_id: units[0].id, visited_at: '2025-06-10T09:30:00Z', whole_building: true }), '40 Oak Avenue');
    await queue.record(makeVisit({ location_id: units[1].id, visited_at: '2025-06-10T09:10:00Z', outcome: 'refused' }), '40 Oak Avenue, 2');

    const marks = (await queue.state()).walk?.marks ?? {};
    expect(Object.keys(marks).sort()).toEqual(units.map((u) => u.id).sort());
    // The earlier refusal, recorded after, does not overwrite the later "not home".
    expect(marks[units[1].id]).toEqual({ outcome: 'not_home', at: '2025-06-10T09:30:00Z' });
  });

  it('removes exactly the ids the server answered for, and keeps the rejected ones with their reason until dismissed', async () => {
    const { queue } = await queueWithWalk();
    const [kept, refused, again] = [makeVisit(), makeVisit(), makeVisit()];
    const { api, requests } = fakeServer((id) => (id === refused.id ? 'rejected' : id === again.id ? 'duplicate' : 'recorded'));
    for (const visit of [kept, refused, again]) await queue.record(visit, 'door');

    const report = await queue.sync(api);
    expect(report).toEqual({ recorded: 1, duplicate: 1, rejected: 1, ended: false });
    expect(requests).toHaveLength(1);
    expect(requests[0].visits.map((v) => v.id)).toEqual([kept.id, refused.id, again.id]);
    const state = await queue.state();
    expect(state.waiting).toEqual([]);
    expect(state.rejected).toEqual([
      { id: refused.id, label: 'door', outcome: 'not_home', visited_at: refused.visited_at, code: 'SESSION_NOT_FOUND', error: 'This session is not yours' },
    ]);

    await queue.dismiss(refused.id);
    expect((await queue.state()).rejected).toEqual([]);
  });

  it('keeps a visit the answer does not name, and sends one recorded while the sync was on its way', async () => {
    const { queue } = await queueWithWalk();
    const [answered, unanswered, late] = [makeVisit(), makeVisit(), makeVisit()];
    await queue.record(answered, 'a');
    await queue.record(unanswered, 'b');
    const { api, requests } = fakeServer();
    const slow: SyncApi = {
      completeSession: api.completeSession,
      async sync(request) {
        if (requests.length === 0) await queue.record(late, 'c');
        const answer = await api.sync(request);
        return { ...answer, results: answer.results.filter((r) => r.id !== unanswered.id) };
      },
    };
    await queue.sync(slow);
    expect(requests.map((r) => r.visits.map((v) => v.id))).toEqual([[answered.id, unanswered.id], [late.id]]);
    expect((await queue.state()).waiting.map((w) => w.visit.id)).toEqual([unanswered.id]);
  });

  it('keeps everything when the sync fails on the network', async () => {
    const { queue } = await queueWithWalk();
    const { api } = fakeServer();
    api.offline = true;
    await queue.record(makeVisit(), 'a');
    await queue.addPoints(SESSION_ID, [{ lat: 45.4, lng: -75.7, recorded_at: '2025-06-10T09:01:00Z' }]);

    await expect(queue.sync(api)).rejects.toThrow('Could not reach the server');
    const state = await queue.state();
    expect(state.waiting).toHaveLength(1);
    expect(state.points).toBe(1);
  });

  it('sends the GPS points per session, in time order, once each', async () => {
    const { queue } = await queueWithWalk();
    const at = (minute: number) => ({ lat: 45.4, lng: -75.7, accuracy_m: 8, recorded_at: `2025-06-10T09:0${minute}:00Z` });
    await queue.addPoints(SESSION_ID, [at(3), at(1)]);
    await queue.addPoints(SESSION_ID, [at(1)]);
    await queue.addPoints('other-session', [at(2)]);
    expect((await queue.state()).points).toBe(3);

    const { api, requests } = fakeServer();
    await queue.sync(api);
    expect(requests[0].visits).toEqual([]);
    expect(requests[0].track).toEqual([
      { session_id: SESSION_ID, points: [at(1), at(3)] },
      { session_id: 'other-session', points: [at(2)] },
    ]);
    expect((await queue.state()).points).toBe(0);
  });

  it(`sends at most ${TRACKS_PER_SYNC} tracks of ${POINTS_PER_TRACK} points a request, and the rest in the next`, async () => {
    const { queue } = await queueWithWalk();
    const points = Array.from({ length: POINTS_PER_TRACK * TRACKS_PER_SYNC + 5 }, (_, i) => ({
      lat: 45.4,
      lng: -75.7,
      recorded_at: new Date(Date.UTC(2025, 5, 10, 9) + i * 1000).toISOString(),
    }));
    await queue.addPoints(SESSION_ID, points);
    const { api, requests } = fakeServer();
    await queue.sync(api);
    expect(requests.map((r) => r.track?.map((t) => t.points.length))).toEqual([Array(TRACKS_PER_SYNC).fill(POINTS_PER_TRACK), [5]]);
    expect(requests[1].track?.[0].points[0]).toEqual(points[POINTS_PER_TRACK * TRACKS_PER_SYNC]);
    expect((await queue.state()).points).toBe(0);
  });

  it('sends no request when nothing waits', async () => {
    const { queue } = await queueWithWalk();
    const { api, requests } = fakeServer();
    expect(await queue.sync(api)).toEqual({ recorded: 0, duplicate: 0, rejected: 0, ended: false });
    expect(requests).toEqual([]);
  });

  it(`sends more than ${VISITS_PER_SYNC} visits in batches`, async () => {
    const { queue } = await queueWithWalk();
    for (let i = 0; i < VISITS_PER_SYNC + 2; i++) await queue.record(makeVisit({ location_id: 'elsewhere' }), 'door');
    const { api, requests } = fakeServer();
    const report = await queue.sync(api);
    expect(requests.map((r) => r.visits.length)).toEqual([VISITS_PER_SYNC, 2]);
    expect(report.recorded).toBe(VISITS_PER_SYNC + 2);
  });

  it('shares one sync between calls made while it runs', async () => {
    const { queue } = await queueWithWalk();
    await queue.record(makeVisit(), 'a');
    const { api, requests } = fakeServer();
    await Promise.all([queue.sync(api), queue.sync(api), queue.sync(api)]);
    expect(requests).toHaveLength(1);
  });

  it('ends a session after its visits are sent; offline the end waits for the next sync', async () => {
    const { queue } = await queueWithWalk();
    const { api, requests, completed } = fakeServer();
    await queue.record(makeVisit(), 'a');
    await queue.endSession(SESSION_ID);
    api.offline = true;
    await expect(queue.sync(api)).rejects.toThrow();
    expect((await queue.state()).ending).toBe(SESSION_ID);
    expect((await queue.state()).walk).not.toBeNull();

    api.offline = false;
    expect((await queue.sync(api)).ended).toBe(true);
    expect(requests).toHaveLength(1);
    expect(completed).toEqual([SESSION_ID]);
    const state = await queue.state();
    expect(state.walk).toBeNull();
    expect(state.ending).toBeNull();
  });

  it('takes a session that had already ended as ended', async () => {
    const { queue } = await queueWithWalk();
    const { api } = fakeServer();
    api.completeError = new ApiError(409, { error: 'The session is not active', code: 'SESSION_NOT_ACTIVE' });
    await queue.endSession(SESSION_ID);
    expect((await queue.sync(api)).ended).toBe(true);
    expect((await queue.state()).walk).toBeNull();

    await queue.keepWalk(makeSession(), []);
    await queue.endSession(SESSION_ID);
    api.completeError = new ApiError(500, { error: 'Something went wrong', code: 'INTERNAL' });
    await expect(queue.sync(api)).rejects.toThrow('Something went wrong');
    expect((await queue.state()).ending).toBe(SESSION_ID);
  });

  it("keeps this phone's marks when the same session's households are fetched again, not another session's", async () => {
    const { queue } = await queueWithWalk();
    await queue.record(makeVisit({ location_id: makeHousehold(1).id }), 'a');
    await queue.keepWalk(makeSession(), [makeHousehold(3), makeHousehold(1)]);
    expect(Object.keys((await queue.state()).walk?.marks ?? {})).toEqual([makeHousehold(1).id]);

    await queue.keepWalk(makeSession({ id: 'another-session' }), [makeHousehold(1)]);
    expect((await queue.state()).walk?.marks).toEqual({});
  });

  it('tells its listeners about every change, and forgets everything on clear', async () => {
    const { queue } = await queueWithWalk();
    let changes = 0;
    const stop = queue.subscribe(() => (changes += 1));
    await queue.record(makeVisit(), 'a');
    await queue.clear();
    stop();
    await queue.record(makeVisit(), 'b');
    expect(changes).toBe(2);
    const state = await queue.state();
    expect(state.walk).toBeNull();
    expect(state.waiting).toHaveLength(1);
  });
});
