/** Records for the canvass tests: a session, households and visits with sensible defaults. */
import type { Household, CanvassSession, VisitInput } from './types';

export const SESSION_ID = 'a0000000-0000-4000-8000-000000000001';
export const CUT_ID = 'c0000000-0000-4000-8000-000000000001';

export function makeSession(overrides: Partial<CanvassSession> = {}): CanvassSession {
  return {
    id: SESSION_ID,
    cut_id: CUT_ID,
    cut_name: 'Elm Street',
    volunteer_id: '00000000-0000-4000-8000-000000000001',
    volunteer_name: 'Ada Lovelace',
    status: 'active',
    started_at: '2025-06-10T09:00:00Z',
    ended_at: null,
    last_activity_at: '2025-06-10T09:00:00Z',
    visits: 0,
    distance_m: 0,
    ...overrides,
  };
}

export function makeHousehold(n: number, overrides: Partial<Household> = {}): Household {
  return {
    id: `b0000000-0000-4000-8000-00000000000${n}`,
    address: `${n} Elm Street`,
    unit: '',
    occupant_name: `Occupant ${n}`,
    lat: 45.4 + n / 10_000,
    lng: -75.7,
    support_level: null,
    lawn_sign: false,
    last_visited_at: null,
    last_visit_outcome: null,
    order: n,
    distance_m: null,
    ...overrides,
  };
}

let next = 0;

export function makeVisit(overrides: Partial<VisitInput> = {}): VisitInput {
  next += 1;
  return {
    id: `d0000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    session_id: SESSION_ID,
    location_id: makeHousehold(1).id,
    outcome: 'not_home',
    visited_at: `2025-06-10T09:${String(next % 60).padStart(2, '0')}:00Z`,
    ...overrides,
  };
}
