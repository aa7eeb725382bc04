import type { ApiClient, Page } from './client';
import type {
  AnyRecord,
  CalendarFeed,
  AssignableRole,
  Attachment,
  Child,
  ChildInput,
  CurvePoint,
  ExportJob,
  Family,
  Growth,
  GrowthPoint,
  HeatmapDay,
  Indicator,
  Invite,
  InvitePreview,
  Member,
  Membership,
  OwnerType,
  RecordKind,
  RecordTypes,
  UploadTicket,
} from './trajectoryTypes';

const id = encodeURIComponent;

/** Where each kind of owner lists its files. */
const OWNER_SEGMENTS: Record<OwnerType, string> = {
  child: 'children',
  visit: 'visits',
  measurement: 'measurements',
  illness: 'illnesses',
};

/** Largest page the API serves; a child's records fit in one for the timeline. */
export const MAX_LIMIT = 200;

/** The Trajectory endpoints, on top of the one ApiClient (tokens, refresh, errors). */
export class TrajectoryApi {
  constructor(private readonly api: ApiClient) {}

  // ---- families ----

  families(): Promise<Page<Family>> {
    return this.api.requestPage('/api/families', { limit: MAX_LIMIT });
  }

  family(familyId: string): Promise<Family> {
    return this.api.request('GET', `/api/families/${id(familyId)}`);
  }

  createFamily(name: string): Promise<Family> {
    return this.api.request('POST', '/api/families', { body: { name } });
  }

  renameFamily(familyId: string, name: string): Promise<Family> {
    return this.api.request('PATCH', `/api/families/${id(familyId)}`, { body: { name } });
  }

  deleteFamily(familyId: string): Promise<void> {
    return this.api.request('DELETE', `/api/families/${id(familyId)}`);
  }

  /** Whether the family has a calendar feed (never its URL). */
  calendarFeed(familyId: string): Promise<CalendarFeed> {
    return this.api.request('GET', `/api/families/${id(familyId)}/calendar-feed`);
  }

  /** A new feed URL (owner); an earlier one stops working. */
  makeCalendarFeed(familyId: string): Promise<CalendarFeed> {
    return this.api.request('POST', `/api/families/${id(familyId)}/calendar-feed`, { body: {} });
  }

  /** Revokes the feed (owner): its URL answers 404 from now on. */
  revokeCalendarFeed(familyId: string): Promise<void> {
    return this.api.request('DELETE', `/api/families/${id(familyId)}/calendar-feed`);
  }

  members(familyId: string): Promise<Member[]> {
    return this.api.request('GET', `/api/families/${id(familyId)}/members`);
  }

  changeRole(familyId: string, userId: string, role: AssignableRole): Promise<Member[]> {
    return this.api.request('PATCH', `/api/families/${id(familyId)}/members/${id(userId)}`, { body: { role } });
  }

  /** Removes a member, or leaves the family when `userId` is the caller. */
  removeMember(familyId: string, userId: string): Promise<void> {
    return this.api.request('DELETE', `/api/families/${id(familyId)}/members/${id(userId)}`);
  }

  transferOwnership(familyId: string, userId: string): Promise<Member[]> {
    return this.api.request('POST', `/api/families/${id(familyId)}/transfer`, { body: { user_id: userId } });
  }

  invites(familyId: string): Promise<Invite[]> {
    return this.api.request('GET', `/api/families/${id(familyId)}/invites`);
  }

  invite(familyId: string, email: string, role: AssignableRole): Promise<Invite> {
    return this.api.request('POST', `/api/families/${id(familyId)}/invites`, { body: { email, role } });
  }

  revokeInvite(familyId: string, inviteId: string): Promise<void> {
    return this.api.request('DELETE', `/api/families/${id(familyId)}/invites/${id(inviteId)}`);
  }

  /** Needs no session: the emailed link's page shows it to signed-out visitors too. */
  previewInvite(token: string): Promise<InvitePreview> {
    return this.api.request('POST', '/api/invites/preview', { body: { token } });
  }

  acceptInvite(token: string): Promise<Membership> {
    return this.api.request('POST', '/api/invites/accept', { body: { token } });
  }

  // ---- children ----

  children(familyId?: string): Promise<Page<Child>> {
    return this.api.requestPage('/api/children', { family_id: familyId, limit: MAX_LIMIT });
  }

  child(childId: string): Promise<Child> {
    return this.api.request('GET', `/api/children/${id(childId)}`);
  }

  createChild(input: ChildInput): Promise<Child> {
    return this.api.request('POST', '/api/children', { body: input });
  }

  /** `updated_at` is the version the form was opened on; a newer one answers 409 STALE. */
  updateChild(childId: string, patch: Partial<Omit<ChildInput, 'family_id'>>, updatedAt: string): Promise<Child> {
    return this.api.request('PATCH', `/api/children/${id(childId)}`, {
      body: { ...patch, updated_at: updatedAt },
    });
  }

  /** Moves a child, with its records, files and history, to another family the caller owns. */
  moveChild(childId: string, familyId: string): Promise<Child> {
    return this.api.request('POST', `/api/children/${id(childId)}/move`, { body: { family_id: familyId } });
  }

  deleteChild(childId: string): Promise<void> {
    return this.api.request('DELETE', `/api/children/${id(childId)}`);
  }

  avatarUpload(childId: string, contentType: string, size: number): Promise<UploadTicket> {
    return this.api.request('POST', `/api/children/${id(childId)}/avatar/upload`, {
      body: { content_type: contentType, size },
    });
  }

  confirmAvatar(childId: string, key: string): Promise<Child> {
    return this.api.request('PUT', `/api/children/${id(childId)}/avatar`, { body: { key } });
  }

  removeAvatar(childId: string): Promise<void> {
    return this.api.request('DELETE', `/api/children/${id(childId)}/avatar`);
  }

  avatar(childId: string): Promise<Blob> {
    return this.api.fetchFile(`/api/children/${id(childId)}/avatar`);
  }

  // ---- health records ----

  records<K extends RecordKind>(childId: string, kind: K): Promise<Page<RecordTypes[K]['record']>> {
    return this.api.requestPage(`/api/children/${id(childId)}/${kind}`, { limit: MAX_LIMIT });
  }

  record<K extends RecordKind>(kind: K, recordId: string): Promise<RecordTypes[K]['record']> {
    return this.api.request('GET', `/api/${kind}/${id(recordId)}`);
  }

  createRecord<K extends RecordKind>(
    childId: string,
    kind: K,
    fields: RecordTypes[K]['fields'],
  ): Promise<RecordTypes[K]['record']> {
    return this.api.request('POST', `/api/children/${id(childId)}/${kind}`, { body: fields });
  }

  updateRecord<K extends RecordKind>(
    kind: K,
    record: AnyRecord,
    fields: RecordTypes[K]['fields'],
  ): Promise<RecordTypes[K]['record']> {
    return this.api.request('PATCH', `/api/${kind}/${id(record.id)}`, {
      body: { ...fields, updated_at: record.updated_at },
    });
  }

  deleteRecord(kind: RecordKind, recordId: string): Promise<void> {
    return this.api.request('DELETE', `/api/${kind}/${id(recordId)}`);
  }

  async growth(childId: string, indicator: Indicator): Promise<Growth> {
    const raw = await this.api.request<unknown>('GET', `/api/children/${id(childId)}/growth`, {
      query: { indicator },
    });
    return normaliseGrowth(raw, indicator);
  }

  async illnessHeatmap(year: number, childId?: string): Promise<HeatmapDay[]> {
    const raw = await this.api.request<unknown>('GET', '/api/illnesses/heatmap', {
      query: { year, child_id: childId },
    });
    return normaliseHeatmap(raw);
  }

  // ---- attachments ----

  attachments(owner: OwnerType, ownerId: string): Promise<Page<Attachment>> {
    return this.api.requestPage(`/api/${OWNER_SEGMENTS[owner]}/${id(ownerId)}/attachments`, { limit: MAX_LIMIT });
  }

  attachmentUpload(input: {
    owner_type: OwnerType;
    owner_id: string;
    filename: string;
    content_type: string;
    size: number;
  }): Promise<UploadTicket> {
    return this.api.request('POST', '/api/attachments/upload', { body: input });
  }

  confirmAttachment(input: {
    key: string;
    owner_type: OwnerType;
    owner_id: string;
    filename: string;
    document_type?: string;
  }): Promise<Attachment> {
    return this.api.request('POST', '/api/attachments', { body: input });
  }

  attachmentFile(attachmentId: string): Promise<Blob> {
    return this.api.fetchFile(`/api/attachments/${id(attachmentId)}`);
  }

  renameAttachment(attachment: Attachment, filename: string): Promise<Attachment> {
    return this.api.request('PATCH', `/api/attachments/${id(attachment.id)}`, {
      body: { filename, updated_at: attachment.updated_at },
    });
  }

  deleteAttachment(attachmentId: string): Promise<void> {
    return this.api.request('DELETE', `/api/attachments/${id(attachmentId)}`);
  }

  // ---- export ----

  startExport(familyId: string): Promise<ExportJob> {
    return this.api.request('POST', '/api/export', { body: { family_id: familyId } });
  }

  exportStatus(exportId: string): Promise<ExportJob> {
    return this.api.request('GET', `/api/export/${id(exportId)}`);
  }

  /** The archive, through a link the server issues for this request only. */
  exportFile(exportId: string): Promise<Blob> {
    return this.api.fetchFile(`/api/export/${id(exportId)}/download`);
  }
}

type Loose = Record<string, unknown>;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The growth answer as the chart needs it. The contract fixes the content (the
 * child's points, P3–P97 curves) more than the layout, so this accepts the curves
 * as a list or as `{axis, points}` and a point's x as `x`, `age_days` or `length_cm`.
 */
export function normaliseGrowth(raw: unknown, indicator: Indicator): Growth {
  const body = (raw ?? {}) as Loose;
  const curvesRaw = body.curves ?? body.reference;
  const curveBody = (Array.isArray(curvesRaw) ? { points: curvesRaw } : (curvesRaw ?? {})) as Loose;
  const curves = (Array.isArray(curveBody.points) ? curveBody.points : []) as CurvePoint[];
  const axis = (body.axis ?? curveBody.axis) === 'length_cm' ? 'length_cm' : 'age_days';
  const pointsRaw = (body.points ?? body.measurements ?? []) as Loose[];
  const points: GrowthPoint[] = [];
  for (const p of Array.isArray(pointsRaw) ? pointsRaw : []) {
    const x = num(p.x) ?? num(axis === 'length_cm' ? p.length_cm ?? p.height_cm : p.age_days);
    const value = num(p.value) ?? num(p.y);
    if (x === null || value === null) continue;
    points.push({
      measured_on: String(p.measured_on ?? p.date ?? ''),
      x,
      value,
      z: num(p.z),
      percentile: num(p.percentile),
    });
  }
  return { indicator: (body.indicator as Indicator) ?? indicator, axis, points, curves };
}

/** Per-day counts, from a list or from `{days: [...]}` or a `{date: count}` map. */
export function normaliseHeatmap(raw: unknown): HeatmapDay[] {
  const body = raw as Loose | HeatmapDay[] | null;
  const list = Array.isArray(body) ? body : Array.isArray(body?.days) ? (body.days as unknown[]) : null;
  if (list) {
    return (list as Loose[])
      .map((d) => ({ date: String(d.date ?? d.day ?? ''), count: num(d.count) ?? 0 }))
      .filter((d) => d.date && d.count > 0);
  }
  const map = (body && typeof body === 'object' ? ((body as Loose).counts ?? body) : {}) as Loose;
  return Object.entries(map)
    .filter(([date, count]) => /^\d{4}-\d{2}-\d{2}$/.test(date) && (num(count) ?? 0) > 0)
    .map(([date, count]) => ({ date, count: num(count) ?? 0 }));
}
