/**
 * The shifts endpoints and their shapes (named from the generated `schema.ts`):
 * the public sign-up page, a signed-in volunteer's shifts and feed, and the map
 * admins' planning.
 */
import { useMemo } from 'react';
import type { ApiClient, Page } from '../../api/client';
import type { Role, Schemas } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';

export type Shift = Schemas['Shift'];
export type OpenShift = Schemas['OpenShift'];
export type ShiftDetail = Schemas['ShiftDetail'];
export type ShiftSignup = Schemas['ShiftSignup'];
export type ShiftRequest = Schemas['ShiftRequest'];
export type ShiftEdit = Schemas['ShiftEdit'];
/** Which shifts of a series a change applies to (the `scope` query). */
export type ShiftScope = 'this' | 'future' | 'all';
export type ShiftRecurrence = Schemas['ShiftRecurrence'];
export type CreatedShifts = Schemas['CreatedShifts'];
export type UpcomingShift = Schemas['PageOf_UpcomingShift']['data'][number];
export type MyShifts = Schemas['MyShifts'];
export type CancelView = Schemas['ShiftCancelView'];
export type VolunteerRequest = Schemas['VolunteerRequest'];

const id = encodeURIComponent;

/** The shifts endpoints, on top of the one ApiClient. */
export class ShiftsApi {
  constructor(private readonly api: ApiClient) {}

  // ---- public ----
  publicShifts(page = 1): Promise<Page<OpenShift>> {
    return this.api.requestPage('/api/public/shifts', { page, limit: 50 });
  }
  signUp(shift: string, volunteer: VolunteerRequest): Promise<void> {
    return this.api.request('POST', `/api/public/shifts/${id(shift)}/signups`, { body: volunteer });
  }
  cancelView(token: string): Promise<CancelView> {
    return this.api.request('GET', '/api/public/shifts/cancel', { query: { token } });
  }
  cancelByLink(token: string): Promise<CancelView> {
    return this.api.request('POST', '/api/public/shifts/cancel', { body: { token } });
  }

  // ---- any signed-in account ----
  upcoming(): Promise<Page<UpcomingShift>> {
    return this.api.requestPage('/api/shifts/upcoming', { limit: 50 });
  }
  mine(): Promise<MyShifts> {
    return this.api.request('GET', '/api/shifts/mine');
  }
  join(shift: string): Promise<unknown> {
    return this.api.request('POST', `/api/shifts/${id(shift)}/signup`);
  }
  leave(shift: string): Promise<void> {
    return this.api.request('DELETE', `/api/shifts/${id(shift)}/signup`);
  }
  newFeed(): Promise<{ url: string }> {
    return this.api.request('POST', '/api/shifts/feed');
  }
  revokeFeed(): Promise<void> {
    return this.api.request('DELETE', '/api/shifts/feed');
  }

  // ---- map admins ----
  list(from: string, to: string): Promise<Page<Shift>> {
    return this.api.requestPage('/api/shifts', { from, to, limit: 200 });
  }
  create(request: ShiftRequest): Promise<CreatedShifts> {
    return this.api.request('POST', '/api/shifts', { body: request });
  }
  detail(shift: string): Promise<ShiftDetail> {
    return this.api.request('GET', `/api/shifts/${id(shift)}`);
  }
  update(shift: string, scope: ShiftScope, edit: ShiftEdit): Promise<Shift[]> {
    return this.api.request('PATCH', `/api/shifts/${id(shift)}`, { body: edit, query: { scope } });
  }
  remove(shift: string, scope: ShiftScope): Promise<void> {
    return this.api.request('DELETE', `/api/shifts/${id(shift)}`, { query: { scope } });
  }
  removeSignup(shift: string, signup: string): Promise<void> {
    return this.api.request('DELETE', `/api/shifts/${id(shift)}/signups/${id(signup)}`);
  }
  upgrade(user: string): Promise<unknown> {
    return this.api.request('POST', `/api/shifts/volunteers/${id(user)}/upgrade`);
  }
}

export function useShifts(): ShiftsApi {
  const { api } = useAuth();
  return useMemo(() => new ShiftsApi(api), [api]);
}

/** Whether `role` plans shifts: map admins and SUPER_ADMIN. */
export function administersShifts(role: Role | undefined): boolean {
  return role === 'SUPER_ADMIN' || role === 'MAP_ADMIN';
}

/** The day a shift falls on in its own zone, e.g. "Saturday, June 13". */
export function shiftDay(shift: { starts_at: string; time_zone: string }): string {
  return new Date(shift.starts_at).toLocaleDateString('en-CA', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    timeZone: shift.time_zone,
  });
}

/** A shift's times in its own zone, e.g. "10:00 – 13:00 MDT". */
export function shiftTimes(shift: { starts_at: string; ends_at: string; time_zone: string }): string {
  const time = (at: string, zone: boolean) =>
    new Date(at).toLocaleTimeString('en-CA', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: shift.time_zone,
      timeZoneName: zone ? 'short' : undefined,
    });
  return `${time(shift.starts_at, false)} – ${time(shift.ends_at, true)}`;
}

/** Shifts grouped by their day, in order. */
export function byDay<T extends { starts_at: string; time_zone: string }>(shifts: T[]): [string, T[]][] {
  const days = new Map<string, T[]>();
  for (const shift of shifts) {
    const day = shiftDay(shift);
    days.set(day, [...(days.get(day) ?? []), shift]);
  }
  return [...days.entries()];
}
