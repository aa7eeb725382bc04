/**
 * The phone's side of offline-first canvassing. It keeps the walk (the active
 * session and its households, fetched while there was signal), the visits and
 * GPS points recorded since the last sync, and the visits the server refused,
 * all in a `QueueStorage` (IndexedDB in the browser) so a reload loses nothing.
 *
 * Sync sends what waits through `POST /api/canvass/sync`, then removes exactly
 * the visit ids the server answered for (recorded, duplicate or rejected: each
 * visit carries an id made here, so sending one twice records it once); the
 * rejected ones stay listed with their reason until dismissed. A sync that
 * fails on the way keeps everything for the next try. A session ended while
 * visits wait is completed once they are through.
 */
import { ApiError } from '../../api/errors';
import type { Change, QueueStorage } from './store';
import type { Household, Outcome, CanvassSession, SyncRequest, SyncResponse, TrackPoint, VisitInput } from './types';
import { sameBuilding } from './visitRules';

/** The walk this phone keeps for its active session. */
export interface KeptWalk {
  session: CanvassSession;
  /** In the suggested walking order, as last fetched. */
  households: Household[];
  /** This phone's visits in the session by household id: the latest outcome and when. */
  marks: Record<string, { outcome: Outcome; at: string }>;
  /** When the households were fetched (RFC 3339). */
  savedAt: string;
}

/** A visit waiting to be sent, with the door's words to show it by. */
export interface WaitingVisit {
  visit: VisitInput;
  /** "12 Elm Street, apt 3". */
  label: string;
}

/** A visit the server refused, kept to show until the canvasser dismisses it. */
export interface RejectedVisit {
  id: string;
  label: string;
  outcome: Outcome;
  visited_at: string;
  code: string;
  error: string;
}

interface WaitingPoint {
  session_id: string;
  point: TrackPoint;
}

/** Everything the screens show of the queue. */
export interface QueueState {
  walk: KeptWalk | null;
  /** Oldest first. */
  waiting: WaitingVisit[];
  /** GPS points not yet sent. */
  points: number;
  rejected: RejectedVisit[];
  /** The session to complete once its visits and points are sent. */
  ending: string | null;
}

/** The two calls sync needs (`CanvassApi` has them). */
export interface SyncApi {
  sync(request: SyncRequest): Promise<SyncResponse>;
  completeSession(sessionId: string): Promise<unknown>;
}

export interface SyncReport {
  recorded: number;
  duplicate: number;
  rejected: number;
  /** The pending end of a session went through. */
  ended: boolean;
}

/** The most visits one sync request may carry. */
export const VISITS_PER_SYNC = 500;
/** The most points one session's track may carry in one request. */
export const POINTS_PER_TRACK = 1000;
/** The most session tracks one sync request may carry. */
export const TRACKS_PER_SYNC = 20;
/** A bound on the requests of one sync, whatever keeps arriving meanwhile. */
const MAX_ROUNDS = 20;

const WALK = 'walk';
const ENDING = 'ending';

export class CanvassQueue {
  private readonly listeners = new Set<() => void>();
  private turn: Promise<unknown> = Promise.resolve();
  private syncing: Promise<SyncReport> | null = null;

  constructor(private readonly storage: QueueStorage) {}

  /** Called after every change; answers the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async state(): Promise<QueueState> {
    const [walk, visits, points, rejected, ending] = await Promise.all([
      this.storage.get<KeptWalk>('state', WALK),
      this.storage.all<WaitingVisit>('visits'),
      this.storage.all<WaitingPoint>('points'),
      this.storage.all<RejectedVisit>('rejected'),
      this.storage.get<string>('state', ENDING),
    ]);
    return {
      walk: walk ?? null,
      waiting: visits.sort((a, b) => a.visit.visited_at.localeCompare(b.visit.visited_at)),
      points: points.length,
      rejected: rejected.sort((a, b) => a.visited_at.localeCompare(b.visited_at)),
      ending: ending ?? null,
    };
  }

  /** Keeps `session` and its households; a refresh of the same session keeps this phone's marks. */
  keepWalk(session: CanvassSession, households: Household[]): Promise<void> {
    return this.change(async () => {
      const kept = await this.storage.get<KeptWalk>('state', WALK);
      const marks = kept?.session.id === session.id ? kept.marks : {};
      const walk: KeptWalk = { session, households, marks, savedAt: new Date().toISOString() };
      return [{ store: 'state', key: WALK, value: walk }];
    });
  }

  /**
   * Queues a visit and marks its door (every door of the building for a
   * whole-building "not home") as visited at once, in one write.
   */
  record(visit: VisitInput, label: string): Promise<void> {
    return this.change(async () => {
      const changes: Change[] = [{ store: 'visits', key: visit.id, value: { visit, label } satisfies WaitingVisit }];
      const walk = await this.storage.get<KeptWalk>('state', WALK);
      const door = walk?.households.find((h) => h.id === visit.location_id);
      if (walk && door && walk.session.id === visit.session_id) {
        const doors = visit.whole_building ? sameBuilding(door, walk.households) : [door];
        for (const d of doors) {
          const mark = walk.marks[d.id];
          // The latest visit wins, as on the server.
          if (!mark || mark.at <= visit.visited_at) walk.marks[d.id] = { outcome: visit.outcome, at: visit.visited_at };
        }
        changes.push({ store: 'state', key: WALK, value: walk });
      }
      return changes;
    });
  }

  /** Queues GPS points of a session; a point already queued (same session and time) is kept once. */
  addPoints(sessionId: string, points: readonly TrackPoint[]): Promise<void> {
    return this.change(async () =>
      points.map((point) => ({
        store: 'points',
        key: `${sessionId}|${point.recorded_at}`,
        value: { session_id: sessionId, point } satisfies WaitingPoint,
      })),
    );
  }

  /** Forgets a rejected visit once the canvasser has read why. */
  dismiss(visitId: string): Promise<void> {
    return this.change(async () => [{ store: 'rejected', key: visitId, remove: true }]);
  }

  /** Asks for the session to be completed once everything of it is sent (at once when nothing waits and sync runs). */
  endSession(sessionId: string): Promise<void> {
    return this.change(async () => [{ store: 'state', key: ENDING, value: sessionId }]);
  }

  /** Forgets the kept walk (its session ended elsewhere); waiting visits stay to be sent. */
  forgetWalk(): Promise<void> {
    return this.change(async () => [
      { store: 'state', key: WALK, remove: true },
      { store: 'state', key: ENDING, remove: true },
    ]);
  }

  /** Forgets everything kept, waiting visits included. */
  async clear(): Promise<void> {
    await this.exclusive(() => this.storage.clear());
    this.notify();
  }

  /**
   * Sends what waits, then completes a pending end. Calls made while one runs
   * share it. Rejects when the server could not be reached or refused the
   * whole request: nothing is removed then.
   */
  sync(api: SyncApi): Promise<SyncReport> {
    this.syncing ??= this.runSync(api).finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async runSync(api: SyncApi): Promise<SyncReport> {
    const report: SyncReport = { recorded: 0, duplicate: 0, rejected: 0, ended: false };
    // Round after round until nothing new waits: a batch at most per request, and
    // visits recorded while one was on its way go in the next. A visit is offered
    // once per sync, so one the server leaves unanswered cannot loop.
    const offered = new Set<string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const visits = (await this.storage.all<WaitingVisit>('visits'))
        .filter((w) => !offered.has(w.visit.id))
        .sort((a, b) => a.visit.visited_at.localeCompare(b.visit.visited_at))
        .slice(0, VISITS_PER_SYNC);
      const points = await this.storage.all<WaitingPoint>('points');
      if (visits.length === 0 && points.length === 0) break;
      for (const w of visits) offered.add(w.visit.id);
      const { track, sent } = tracks(points);
      const answer = await api.sync({ visits: visits.map((v) => v.visit), track });
      await this.change(async () => settle(visits, sent, answer, report));
    }
    const ending = await this.storage.get<string>('state', ENDING);
    const left = await this.storage.all<WaitingVisit>('visits');
    if (ending && !left.some((w) => w.visit.session_id === ending)) {
      await completeOnce(api, ending);
      await this.change(async () => {
        const walk = await this.storage.get<KeptWalk>('state', WALK);
        const changes: Change[] = [{ store: 'state', key: ENDING, remove: true }];
        if (walk?.session.id === ending) changes.push({ store: 'state', key: WALK, remove: true });
        return changes;
      });
      report.ended = true;
    }
    return report;
  }

  /** Runs one read-modify-write at a time, so two changes never overwrite each other's walk. */
  private async change(build: () => Promise<Change[]>): Promise<void> {
    await this.exclusive(async () => this.storage.write(await build()));
    this.notify();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * The queued points as one request's tracks: per session, in time order, at
 * most `POINTS_PER_TRACK` each and `TRACKS_PER_SYNC` in all; `sent` are the
 * points they hold (the rest wait for the next round).
 */
function tracks(points: readonly WaitingPoint[]): { track: NonNullable<SyncRequest['track']>; sent: WaitingPoint[] } {
  const bySession = new Map<string, WaitingPoint[]>();
  for (const waiting of points) bySession.set(waiting.session_id, [...(bySession.get(waiting.session_id) ?? []), waiting]);
  const track: NonNullable<SyncRequest['track']> = [];
  const sent: WaitingPoint[] = [];
  for (const [session_id, all] of bySession) {
    all.sort((a, b) => a.point.recorded_at.localeCompare(b.point.recorded_at));
    for (let i = 0; i < all.length && track.length < TRACKS_PER_SYNC; i += POINTS_PER_TRACK) {
      const chunk = all.slice(i, i + POINTS_PER_TRACK);
      track.push({ session_id, points: chunk.map((w) => w.point) });
      sent.push(...chunk);
    }
  }
  return { track, sent };
}

/** The changes a sync answer makes: every visit it names leaves the queue, the rejected ones move to `rejected`. */
function settle(sent: readonly WaitingVisit[], points: readonly WaitingPoint[], answer: SyncResponse, report: SyncReport): Change[] {
  const byId = new Map(sent.map((w) => [w.visit.id, w]));
  const changes: Change[] = [];
  for (const result of answer.results) {
    const waiting = byId.get(result.id);
    if (!waiting) continue;
    changes.push({ store: 'visits', key: result.id, remove: true });
    report[result.status] += 1;
    if (result.status === 'rejected') {
      const rejected: RejectedVisit = {
        id: result.id,
        label: waiting.label,
        outcome: waiting.visit.outcome,
        visited_at: waiting.visit.visited_at,
        code: result.code ?? 'rejected',
        error: result.error ?? 'The server did not record it',
      };
      changes.push({ store: 'rejected', key: result.id, value: rejected });
    }
  }
  for (const { session_id, point } of points) changes.push({ store: 'points', key: `${session_id}|${point.recorded_at}`, remove: true });
  return changes;
}

/** Completes the session; one that had already ended (or is gone) counts as done. */
async function completeOnce(api: SyncApi, sessionId: string): Promise<void> {
  try {
    await api.completeSession(sessionId);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) return;
    throw error;
  }
}
