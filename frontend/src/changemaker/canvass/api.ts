import { useMemo } from 'react';
import type { ApiClient, Page } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import type {
  CanvassCut,
  CanvassDashboard,
  Household,
  CanvassSession,
  SessionQuery,
  SyncRequest,
  SyncResponse,
  Track,
  TrackAccepted,
  TrackPoint,
  CanvassVisit,
  VisitInput,
  VisitQuery,
} from './types';

const id = encodeURIComponent;

/** The Canvass endpoints (/api/canvass/...) on the app's one ApiClient. */
export class CanvassApi {
  constructor(private readonly api: ApiClient) {}

  // ---- canvassers ----

  cuts(): Promise<CanvassCut[]> {
    return this.api.request('GET', '/api/canvass/cuts');
  }

  /** Answers 409 `SESSION_ACTIVE` (with `details.session_id`) while the caller already walks a cut. */
  startSession(cutId: string): Promise<CanvassSession> {
    return this.api.request('POST', '/api/canvass/sessions', { body: { cut_id: cutId } });
  }

  currentSession(): Promise<CanvassSession | null> {
    return this.api.request('GET', '/api/canvass/sessions/current');
  }

  sessions(query: SessionQuery = {}): Promise<Page<CanvassSession>> {
    return this.api.requestPage('/api/canvass/sessions', { ...query });
  }

  session(sessionId: string): Promise<CanvassSession> {
    return this.api.request('GET', `/api/canvass/sessions/${id(sessionId)}`);
  }

  /** Answers 409 `SESSION_NOT_ACTIVE` when it had already ended. */
  completeSession(sessionId: string): Promise<CanvassSession> {
    return this.api.request('POST', `/api/canvass/sessions/${id(sessionId)}/complete`);
  }

  /** The cut's doors in walking order from `from`, or from the cut's middle without it. */
  households(sessionId: string, from?: { lat: number; lng: number }): Promise<Household[]> {
    return this.api.request('GET', `/api/canvass/sessions/${id(sessionId)}/households`, {
      query: from ? { lat: from.lat, lng: from.lng } : {},
    });
  }

  addTrack(sessionId: string, points: TrackPoint[]): Promise<TrackAccepted> {
    return this.api.request('POST', `/api/canvass/sessions/${id(sessionId)}/track`, { body: { points } });
  }

  /** One visit at once; the walk records through `sync`, which takes the same visits in batches. */
  recordVisit(visit: VisitInput): Promise<CanvassVisit> {
    return this.api.request('POST', '/api/canvass/visits', { body: visit });
  }

  /** Visits and track points recorded on the phone; each visit id comes back with how it went. */
  sync(request: SyncRequest): Promise<SyncResponse> {
    return this.api.request('POST', '/api/canvass/sync', { body: request });
  }

  /** The caller's visits (an organiser's: everyone's), newest first. */
  visits(query: VisitQuery = {}): Promise<Page<CanvassVisit>> {
    return this.api.requestPage('/api/canvass/visits', { ...query });
  }

  // ---- organisers ----

  dashboard(since?: string): Promise<CanvassDashboard> {
    return this.api.request('GET', '/api/canvass/dashboard', { query: { since } });
  }

  track(sessionId: string): Promise<Track> {
    return this.api.request('GET', `/api/canvass/sessions/${id(sessionId)}/track`);
  }
}

/** The Canvass endpoints on the app's one API client. */
export function useCanvassApi(): CanvassApi {
  const { api } = useAuth();
  return useMemo(() => new CanvassApi(api), [api]);
}
