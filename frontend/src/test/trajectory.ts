import type {
  Child,
  Family,
  FamilyRole,
  Illness,
  Measurement,
  MedicalEvent,
  Member,
  Visit,
} from '../api/trajectoryTypes';
import type { User } from '../api/types';
import { FakeServer, makePreferences, makeUser } from './fakeServer';

export const FAMILY_ID = '10000000-0000-4000-8000-000000000001';
export const CHILD_ID = '20000000-0000-4000-8000-000000000001';
const STAMP = '2025-01-10T10:00:00Z';

export function makeFamily(overrides: Partial<Family> = {}): Family {
  return {
    id: FAMILY_ID,
    name: 'The Lovelaces',
    role: 'owner',
    member_count: 1,
    child_count: 1,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function makeChild(overrides: Partial<Child> = {}): Child {
  return {
    id: CHILD_ID,
    family_id: FAMILY_ID,
    name: 'Byron',
    date_of_birth: '2024-01-15',
    sex: 'male',
    due_date: null,
    birth_weight_kg: 3.5,
    birth_length_cm: 50,
    notes: '',
    has_avatar: false,
    role: 'owner',
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function makeVisit(overrides: Partial<Visit> = {}): Visit {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    child_id: CHILD_ID,
    created_by: null,
    type: 'wellness',
    visit_date: '2025-01-15',
    title: 'One-year check-up',
    provider: 'Dr Somerville',
    location: '',
    notes: '',
    tags: [],
    vaccines: ['MMR'],
    prescriptions: [],
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function makeMeasurement(overrides: Partial<Measurement> = {}): Measurement {
  return {
    id: '40000000-0000-4000-8000-000000000001',
    child_id: CHILD_ID,
    created_by: null,
    measured_on: '2025-01-15',
    weight_kg: 9.65,
    height_cm: 75.7,
    head_circumference_cm: null,
    visit_id: null,
    notes: '',
    scores: [{ indicator: 'weight_for_age', z: 0.0, percentile: 50.0 }],
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function makeIllness(overrides: Partial<Illness> = {}): Illness {
  return {
    id: '50000000-0000-4000-8000-000000000001',
    child_id: CHILD_ID,
    created_by: null,
    illness_types: ['flu'],
    start_date: '2025-02-01',
    end_date: '2025-02-04',
    symptoms: 'Fever',
    max_temperature_c: 39.2,
    severity: 6,
    visit_id: null,
    notes: '',
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function makeEvent(overrides: Partial<MedicalEvent> = {}): MedicalEvent {
  return {
    id: '60000000-0000-4000-8000-000000000001',
    child_id: CHILD_ID,
    created_by: null,
    kind: 'vaccine',
    name: 'MMR',
    date: '2025-01-15',
    end_date: null,
    dose: '',
    notes: '',
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function makeMember(overrides: Partial<Member> = {}): Member {
  return {
    user_id: '00000000-0000-4000-8000-000000000001',
    username: 'ada',
    display_name: 'Ada Lovelace',
    email: 'ada@example.org',
    role: 'owner',
    joined_at: STAMP,
    ...overrides,
  };
}

export function page<T>(items: T[]) {
  return { status: 200, body: { data: items, meta: { page: 1, limit: 200, total: items.length } } };
}

export function data<T>(value: T, status = 200) {
  return { status, body: { data: value } };
}

interface ChildServerOptions {
  role?: FamilyRole;
  child?: Partial<Child>;
  visits?: Visit[];
  measurements?: Measurement[];
  illnesses?: Illness[];
  events?: MedicalEvent[];
  user?: User;
}

/** A server with one family and one child whose records are given. */
export function childServer(options: ChildServerOptions = {}): FakeServer {
  const role = options.role ?? 'owner';
  const child = makeChild({ role, ...options.child });
  return new FakeServer()
    .on('GET', `/api/families/${FAMILY_ID}`, data(makeFamily({ role })))
    .on('GET', '/api/families', page([makeFamily({ role })]))
    .on('GET', `/api/families/${FAMILY_ID}/calendar-feed`, data({ active: false, created_at: null, url: null }))
    .on('GET', '/api/children', page([child]))
    .on('GET', `/api/children/${CHILD_ID}`, data(child))
    .on('GET', `/api/children/${CHILD_ID}/visits`, page(options.visits ?? []))
    .on('GET', `/api/children/${CHILD_ID}/measurements`, page(options.measurements ?? []))
    .on('GET', `/api/children/${CHILD_ID}/illnesses`, page(options.illnesses ?? []))
    .on('GET', `/api/children/${CHILD_ID}/medical-events`, page(options.events ?? []))
    .on('GET', `/api/children/${CHILD_ID}/attachments`, page([]));
}

export const imperialUser = makeUser({ preferences: makePreferences({ units: 'imperial' }) });
