/**
 * Types of the Trajectory API (families, children, health records, attachments,
 * export), as sent: snake_case, SI units, `YYYY-MM-DD` dates, RFC 3339 timestamps.
 */

export type FamilyRole = 'owner' | 'parent' | 'read_only';
/** Roles that can be given directly; ownership moves by transfer. */
export type AssignableRole = 'parent' | 'read_only';

export interface Family {
  id: string;
  name: string;
  /** The caller's role. */
  role: FamilyRole;
  member_count: number;
  child_count: number;
  created_at: string;
  updated_at: string;
}

export interface Member {
  user_id: string;
  username: string;
  display_name: string;
  email: string;
  role: FamilyRole;
  joined_at: string;
}

export interface Invite {
  id: string;
  email: string;
  role: AssignableRole;
  expires_at: string;
  created_at: string;
}

/** Answer of creating an invitation: the token is shown only this once. */
export interface NewInvite extends Invite {
  token: string;
  invite_url: string;
}

export interface InvitePreview {
  family_name: string;
  invited_by: string;
  email: string;
  role: FamilyRole;
  expires_at: string;
}

export interface Membership {
  family_id: string;
  family_name: string;
  role: FamilyRole;
}

export type Sex = 'male' | 'female';

export interface Child {
  id: string;
  family_id: string;
  name: string;
  date_of_birth: string;
  sex: Sex;
  due_date: string | null;
  birth_weight_kg: number | null;
  birth_length_cm: number | null;
  notes: string;
  has_avatar: boolean;
  /** The caller's role in the child's family. */
  role: FamilyRole;
  created_at: string;
  updated_at: string;
}

export interface ChildInput {
  family_id: string;
  name: string;
  date_of_birth: string;
  sex: Sex;
  due_date?: string | null;
  birth_weight_kg?: number | null;
  birth_length_cm?: number | null;
  notes?: string;
}

/** A presigned PUT: upload the bytes there with the announced Content-Type. */
export interface UploadTicket {
  upload_url: string;
  key: string;
  expires_at: string;
}

export const VISIT_TYPES = ['wellness', 'sick', 'injury', 'vision', 'dental'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export const ILLNESS_TYPES = [
  'flu',
  'strep',
  'rsv',
  'covid',
  'cold',
  'stomach_bug',
  'ear_infection',
  'hand_foot_mouth',
  'croup',
  'pink_eye',
  'other',
] as const;
export type IllnessType = (typeof ILLNESS_TYPES)[number];

export interface Prescription {
  medication: string;
  dosage: string;
  duration: string;
}

/** Refraction of one eye. */
export interface EyeRefraction {
  sphere: number | null;
  cylinder: number | null;
  axis: number | null;
}

/** What a vision visit found and ordered. */
export interface Vision {
  right_eye: EyeRefraction;
  left_eye: EyeRefraction;
  glasses_ordered: boolean;
  contacts_ordered: boolean;
}

/** What a dental visit did and found. */
export interface Dental {
  procedures: string[];
  cleaning: boolean;
  cavities_found: number | null;
  cavities_filled: number | null;
  xrays: boolean;
  fluoride: boolean;
  sealants: boolean;
}

/**
 * The fields every visit has, plus those of its type; the API refuses fields of
 * another type than `type`, so they are left out.
 */
export interface VisitFields {
  type: VisitType;
  visit_date: string;
  /** `HH:MM`. */
  visit_time?: string | null;
  location?: string;
  provider?: string;
  title?: string;
  notes?: string;
  tags?: string[];
  vaccines?: string[];
  prescriptions?: Prescription[];
  // sick
  illness_types?: IllnessType[];
  symptoms?: string;
  // injury
  injury_type?: string;
  injury_location?: string;
  treatment?: string;
  vision?: Vision | null;
  dental?: Dental | null;
}

interface Stamped {
  id: string;
  child_id: string;
  created_by?: string | null;
  created_at: string;
  updated_at: string;
}

export type Visit = VisitFields & Stamped;

export const INDICATORS = [
  'weight_for_age',
  'length_height_for_age',
  'head_circumference_for_age',
  'bmi_for_age',
  'weight_for_length_height',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** A measurement placed on the WHO reference by the server. */
export interface Score {
  indicator: Indicator;
  value?: number;
  z: number;
  percentile: number;
}

export interface MeasurementFields {
  measured_on: string;
  weight_kg?: number | null;
  height_cm?: number | null;
  head_circumference_cm?: number | null;
  visit_id?: string | null;
  notes?: string;
}

export type Measurement = MeasurementFields & Stamped & { scores: Score[] };

export const MEDICAL_EVENT_KINDS = ['vaccine', 'medication', 'procedure'] as const;
export type MedicalEventKind = (typeof MEDICAL_EVENT_KINDS)[number];

export interface MedicalEventFields {
  kind: MedicalEventKind;
  name: string;
  date: string;
  end_date?: string | null;
  dose?: string;
  notes?: string;
}

export type MedicalEvent = MedicalEventFields & Stamped;

export interface IllnessFields {
  illness_types: IllnessType[];
  start_date: string;
  end_date?: string | null;
  symptoms?: string;
  max_temperature_c?: number | null;
  severity?: number | null;
  visit_id?: string | null;
  notes?: string;
}

export type Illness = IllnessFields & Stamped;

/** The four record types of a child, by their URL segment. */
export type RecordKind = 'visits' | 'measurements' | 'medical-events' | 'illnesses';

export interface RecordTypes {
  visits: { record: Visit; fields: VisitFields };
  measurements: { record: Measurement; fields: MeasurementFields };
  'medical-events': { record: MedicalEvent; fields: MedicalEventFields };
  illnesses: { record: Illness; fields: IllnessFields };
}

export type AnyRecord = RecordTypes[RecordKind]['record'];

export interface GrowthPoint {
  measured_on: string;
  /** Age in days, or length in cm for weight-for-length/height. */
  x: number;
  /** In the indicator's unit: kg, cm or kg/m². */
  value: number;
  z: number | null;
  percentile: number | null;
}

export interface CurvePoint {
  x: number;
  p3: number;
  p15: number;
  p50: number;
  p85: number;
  p97: number;
}

export interface Growth {
  indicator: Indicator;
  axis: 'age_days' | 'length_cm';
  points: GrowthPoint[];
  curves: CurvePoint[];
}

export interface HeatmapDay {
  date: string;
  count: number;
}

export const OWNER_TYPES = ['child', 'visit', 'measurement', 'illness'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

export interface Attachment {
  id: string;
  owner_type: OwnerType;
  owner_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  document_type: string;
  created_at: string;
  updated_at: string;
}

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed';

export interface ExportJob {
  id: string;
  family_id?: string;
  status: ExportStatus;
  /** 0–100. */
  progress: number;
  download_url?: string | null;
  /** The archive's file name once ready. */
  filename?: string | null;
  /** Why it failed. */
  error?: string | null;
  /** For a ready export: what could not be included. */
  warning?: string | null;
}
