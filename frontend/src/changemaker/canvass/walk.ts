/**
 * The walk's pieces that are not drawn: fetching a session's households in
 * walking order (from the phone's position when it is known), the order the
 * list shows them in once some are visited, and the visit ids made on the phone.
 */
import type { CanvassApi } from './api';
import { currentPosition, type LatLng } from './position';
import type { KeptWalk } from './queue';
import type { Household, Outcome } from './types';

/** The session's households in walking order from `from`, or from where the phone is now (or the cut's middle). */
export async function fetchHouseholds(api: CanvassApi, sessionId: string, from?: LatLng | null): Promise<Household[]> {
  const start = from ?? (await currentPosition());
  return api.households(sessionId, start ?? undefined);
}

/** A door as the list shows it: its latest outcome (this phone's, when newer) and whether it was done this session. */
export interface WalkDoor {
  household: Household;
  outcome: Outcome | null;
  at: string | null;
  doneThisSession: boolean;
}

/** The doors still to knock in the suggested order, then those done in this session. */
export function walkDoors(walk: KeptWalk): { todo: WalkDoor[]; done: WalkDoor[] } {
  const doors = [...walk.households]
    .sort((a, b) => a.order - b.order)
    .map((household): WalkDoor => {
      const mark = walk.marks[household.id];
      const newer = mark && (!household.last_visited_at || Date.parse(household.last_visited_at) <= Date.parse(mark.at));
      return {
        household,
        outcome: newer ? mark.outcome : household.last_visit_outcome,
        at: newer ? mark.at : household.last_visited_at,
        doneThisSession: Boolean(mark) || visitedSince(household, walk.session.started_at),
      };
    });
  return { todo: doors.filter((d) => !d.doneThisSession), done: doors.filter((d) => d.doneThisSession) };
}

function visitedSince(household: Household, start: string): boolean {
  return household.last_visited_at !== null && Date.parse(household.last_visited_at) >= Date.parse(start);
}

/** A new visit id: random, made on the phone, so a visit sent twice is recorded once. */
export function newVisitId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
