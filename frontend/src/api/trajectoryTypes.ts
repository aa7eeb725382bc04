/**
 * Names for the Trajectory shapes of the HTTP API (families, children, health
 * records, attachments, export), taken from the types generated from the OpenAPI
 * document (`schema.ts`): snake_case, SI units, `YYYY-MM-DD` dates, RFC 3339
 * timestamps. Where the document says less than the server sends, the name is
 * narrowed here and the reason given.
 */
import {
  eventKindValues,
  illnessTypeValues,
  indicatorValues,
  ownerTypeValues,
  visitTypeValues,
} from './schema';
import type { Schemas, Sent } from './types';

export type FamilyRole = Schemas['FamilyRole'];
/** Roles that can be given directly; ownership moves by transfer. */
export type AssignableRole = Schemas['AssignableRole'];

export type Family = Schemas['Family'];

/** A family's calendar feed; `url` only in the answer that makes it. */
export type CalendarFeed = Schemas['CalendarFeed'];

export type Member = Schemas['Member'];

/**
 * A family's pending invitation, with who created it. Its link went only to the
 * invited address; the role is never `owner`.
 */
export type Invite = Omit<Schemas['FamilyInvite'], 'role'> & { role: AssignableRole };

export type InvitePreview = Schemas['InvitePreview'];

export type Membership = Schemas['Membership'];

export type Sex = Schemas['Sex'];

/** A child; its optional facts are sent as `null` when unknown. */
export type Child = Sent<Schemas['Child'], 'due_date' | 'birth_weight_kg' | 'birth_length_cm'>;

export type ChildInput = Schemas['NewChild'];

/** A presigned PUT: upload the bytes there with the announced Content-Type. */
export type UploadTicket = Schemas['UploadTicket'];

export const VISIT_TYPES = visitTypeValues;
export type VisitType = Schemas['VisitType'];

export const ILLNESS_TYPES = illnessTypeValues;
export type IllnessType = Schemas['IllnessType'];

/** A prescription as sent and as the form keeps it: every part present, maybe empty. */
export type Prescription = Sent<Schemas['Prescription'], 'dosage' | 'duration'>;

/** Refraction of one eye. */
export type EyeRefraction = Schemas['Refraction'];

export type Vision = Schemas['Vision'];

export type Dental = Schemas['Dental'];

/**
 * The fields every visit has, plus those of its type; the API refuses fields of
 * another type than `type`, so they are left out.
 */
export type VisitFields = Omit<Schemas['VisitFields'], 'prescriptions'> & { prescriptions?: Prescription[] };

export type Visit = Schemas['Meta'] & VisitFields;

export const INDICATORS = indicatorValues;
export type Indicator = Schemas['Indicator'];

/** A measurement placed on the WHO reference by the server. */
export type Score = Schemas['IndicatorScore'];

export type MeasurementFields = Schemas['MeasurementFields'];

export type Measurement = Schemas['Measurement'];

export const MEDICAL_EVENT_KINDS = eventKindValues;
export type MedicalEventKind = Schemas['EventKind'];

export type MedicalEventFields = Schemas['EventFields'];

export type MedicalEvent = Schemas['MedicalEvent'];

export type IllnessFields = Schemas['IllnessFields'];

export type Illness = Schemas['Illness'];

/** The four record types of a child, by their URL segment. */
export type RecordKind = 'visits' | 'measurements' | 'medical-events' | 'illnesses';

export interface RecordTypes {
  visits: { record: Visit; fields: VisitFields };
  measurements: { record: Measurement; fields: MeasurementFields };
  'medical-events': { record: MedicalEvent; fields: MedicalEventFields };
  illnesses: { record: Illness; fields: IllnessFields };
}

export type AnyRecord = RecordTypes[RecordKind]['record'];

/**
 * A point as the chart draws it (see `normaliseGrowth`, which also reads older
 * layouts): x is the age in days, or the length in cm for weight-for-length/height;
 * the value is in the indicator's unit (kg, cm or kg/m²).
 */
export type GrowthPoint = Pick<Schemas['GrowthPoint'], 'measured_on' | 'x' | 'value'> & {
  z: number | null;
  percentile: number | null;
};

export type CurvePoint = Schemas['CurvePoint'];

/** One indicator's chart as `normaliseGrowth` makes it from the API's answer. */
export type Growth = Pick<Schemas['Growth'], 'indicator' | 'axis' | 'curves'> & { points: GrowthPoint[] };

export type HeatmapDay = Schemas['HeatmapDay'];

export const OWNER_TYPES = ownerTypeValues;
export type OwnerType = Schemas['OwnerType'];

export type Attachment = Schemas['Attachment'];

export type ExportStatus = Schemas['ExportStatus'];

export type ExportJob = Schemas['Export'];
