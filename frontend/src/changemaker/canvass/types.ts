/**
 * Names for the Canvass module's shapes of the HTTP API (cuts with their
 * coverage, sessions, the walk's households, visits, the offline sync and the
 * organisers' dashboard), and the plain words the screens use for them.
 */

export type Outcome =
  | 'not_home'
  | 'refused'
  | 'moved'
  | 'already_voted'
  | 'spoke_with'
  | 'left_literature'
  | 'come_back_later';

export type SignSize = 'small' | 'medium' | 'large';

export type SessionStatus = 'active' | 'completed' | 'abandoned';

/** A GeoJSON MultiPolygon in longitude/latitude. */
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

/** A cut as canvassers pick it: its shape and how much of it has been visited. */
export interface CanvassCut {
  id: string;
  name: string;
  category: string;
  colour: string;
  geometry: MultiPolygon;
  addresses: number;
  visited: number;
  coverage_pct: number;
}

/** One volunteer walking one cut. */
export interface Session {
  id: string;
  cut_id: string;
  cut_name: string;
  volunteer_id: string;
  volunteer_name: string;
  status: SessionStatus;
  started_at: string;
  ended_at: string | null;
  last_activity_at: string;
  visits: number;
  distance_m: number;
}

/** A door of the walk, as the phone keeps it: never the occupant's contact details. */
export interface Household {
  id: string;
  address: string;
  unit: string;
  occupant_name: string;
  lat: number;
  lng: number;
  support_level: number | null;
  lawn_sign: boolean;
  last_visited_at: string | null;
  last_visit_outcome: Outcome | null;
  /** 1-based position in the suggested walking order. */
  order: number;
  /** From the position the order started at; null when none was given. */
  distance_m: number | null;
}

/** A visit as recorded on the phone and sent, alone or in a sync batch. */
export interface VisitInput {
  /** Made on the phone, so a replay is recognised. */
  id: string;
  session_id: string;
  location_id: string;
  outcome: Outcome;
  support_level?: number;
  sign_requested?: boolean;
  sign_size?: SignSize;
  notes?: string;
  visited_at: string;
  whole_building?: boolean;
}

/** A recorded visit, as the feed lists it. */
export interface Visit {
  id: string;
  session_id: string;
  location_id: string;
  address: string;
  unit: string;
  volunteer_id: string;
  volunteer_name: string;
  outcome: Outcome;
  support_level: number | null;
  sign_requested: boolean;
  sign_size: SignSize | null;
  notes: string;
  visited_at: string;
  recorded_at: string;
}

/** A GPS fix of the walk. */
export interface TrackPoint {
  lat: number;
  lng: number;
  accuracy_m?: number | null;
  recorded_at: string;
}

export interface TrackAccepted {
  accepted: number;
  distance_m: number;
}

export interface Track {
  points: TrackPoint[];
  distance_m: number;
}

/** What the phone sends when it catches up: its visits, and its track per session. */
export interface SyncRequest {
  visits: VisitInput[];
  track?: { session_id: string; points: TrackPoint[] }[];
}

export type SyncStatus = 'recorded' | 'duplicate' | 'rejected';

export interface SyncResult {
  id: string;
  status: SyncStatus;
  code?: string | null;
  error?: string | null;
}

export interface SyncResponse {
  results: SyncResult[];
  track_accepted: number;
}

export interface ActiveSession extends Session {
  last_point: { lat: number; lng: number; recorded_at: string } | null;
}

export interface LeaderboardRow {
  volunteer_id: string;
  volunteer_name: string;
  visits: number;
  spoke_with: number;
  sessions: number;
  distance_m: number;
}

export interface CutCompletion {
  cut_id: string;
  name: string;
  colour: string;
  addresses: number;
  visited: number;
  coverage_pct: number;
}

export interface Dashboard {
  active_sessions: ActiveSession[];
  leaderboard: LeaderboardRow[];
  cuts: CutCompletion[];
  totals: { visits_today: number; active_sessions: number; volunteers_today: number };
}

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
