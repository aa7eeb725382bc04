/**
 * Names for the Canvass module's shapes of the HTTP API (cuts with their
 * coverage, sessions, the walk's households, visits, the offline sync and the
 * organisers' dashboard), taken from the generated `schema.ts`, and the query
 * filters of its lists.
 */
import type { Schemas } from '../../api/types';

export type Outcome = Schemas['Outcome'];
export type SignSize = Schemas['CanvassSignSize'];
export type SessionStatus = Schemas['SessionStatus'];

/** A GeoJSON MultiPolygon in longitude/latitude. */
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

/** A cut as canvassers pick it. The document calls its geometry an object; it is always a MultiPolygon. */
export type CanvassCut = Omit<Schemas['CanvassCut'], 'geometry'> & { geometry: MultiPolygon };
/** One volunteer walking one cut. */
export type CanvassSession = Schemas['CanvassSession'];
/** A door of the walk, as the phone keeps it: never the occupant's contact details. */
export type Household = Schemas['Household'];
/** A visit as recorded on the phone and sent, alone or in a sync batch (its id made on the phone). */
export type VisitInput = Schemas['VisitInput'];
/** A recorded visit, as the feed lists it. */
export type CanvassVisit = Schemas['CanvassVisit'];
/** A GPS fix of the walk. */
export type TrackPoint = Schemas['TrackPoint'];
export type TrackAccepted = Schemas['TrackAccepted'];
export type Track = Schemas['Track'];
/** What the phone sends when it catches up: its visits, and its track per session. */
export type SyncRequest = Schemas['SyncBatch'];
export type SyncStatus = Schemas['SyncStatus'];
export type SyncResult = Schemas['SyncResult'];
export type SyncResponse = Schemas['SyncOutcome'];
export type ActiveSession = Schemas['ActiveSession'];
export type LeaderboardRow = Schemas['Leader'];
export type CutCompletion = Schemas['CutProgress'];
export type CanvassDashboard = Schemas['CanvassDashboard'];

/** The filters of the visit feed. */
export interface VisitQuery {
  since?: string;
  cut_id?: string;
  session_id?: string;
  volunteer_id?: string;
  outcome?: Outcome;
  page?: number;
  limit?: number;
}

/** The filters of the session list. */
export interface SessionQuery {
  status?: SessionStatus;
  cut_id?: string;
  volunteer_id?: string;
  page?: number;
  limit?: number;
}
