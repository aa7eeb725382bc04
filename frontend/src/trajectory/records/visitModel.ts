/**
 * A visit between the API's shape and the form's text: which fields each visit
 * type sends, and the API's rules for them.
 */
import type { FieldErrors } from '../../api/errors';
import type { EyeRefraction, Prescription, Visit, VisitFields, VisitType } from '../../api/trajectoryTypes';
import { collect, splitList } from '../../shell/validation';
import { today } from '../dates';
import { listProblem, notesProblem, recordDateProblem, textProblem } from '../validation';
import type { EyeText, VisitExtras } from './VisitTypeFields';

export interface VisitValues extends VisitExtras {
  type: VisitType;
  visit_date: string;
  visit_time: string;
  title: string;
  location: string;
  provider: string;
  notes: string;
  tags: string;
  vaccines: string;
  prescriptions: Prescription[];
}

const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const eyeText = (eye?: EyeRefraction): EyeText => ({ sphere: text(eye?.sphere), cylinder: text(eye?.cylinder), axis: text(eye?.axis) });

export function visitValues(visit?: Visit, type: VisitType = 'wellness'): VisitValues {
  return {
    type: visit?.type ?? type,
    visit_date: visit?.visit_date ?? today(),
    visit_time: visit?.visit_time?.slice(0, 5) ?? '',
    title: visit?.title ?? '',
    location: visit?.location ?? '',
    provider: visit?.provider ?? '',
    notes: visit?.notes ?? '',
    tags: (visit?.tags ?? []).join(', '),
    vaccines: (visit?.vaccines ?? []).join(', '),
    prescriptions: visit?.prescriptions ?? [],
    illness_types: visit?.illness_types ?? [],
    symptoms: visit?.symptoms ?? '',
    injury_type: visit?.injury_type ?? '',
    injury_location: visit?.injury_location ?? '',
    treatment: visit?.treatment ?? '',
    right_eye: eyeText(visit?.vision?.right_eye),
    left_eye: eyeText(visit?.vision?.left_eye),
    glasses_ordered: visit?.vision?.glasses_ordered ?? false,
    contacts_ordered: visit?.vision?.contacts_ordered ?? false,
    procedures: (visit?.dental?.procedures ?? []).join(', '),
    cleaning: visit?.dental?.cleaning ?? false,
    cavities_found: text(visit?.dental?.cavities_found),
    cavities_filled: text(visit?.dental?.cavities_filled),
    xrays: visit?.dental?.xrays ?? false,
    fluoride: visit?.dental?.fluoride ?? false,
    sealants: visit?.dental?.sealants ?? false,
  };
}

function decimal(value: string): number | null {
  const trimmed = value.trim().replace(',', '.');
  return trimmed ? Number(trimmed) : null;
}

const eye = (e: EyeText): EyeRefraction => ({ sphere: decimal(e.sphere), cylinder: decimal(e.cylinder), axis: decimal(e.axis) });

/** The JSON to send: common fields, plus only those of the chosen type. */
export function visitPayload(v: VisitValues): VisitFields {
  const payload: VisitFields = {
    type: v.type,
    visit_date: v.visit_date,
    visit_time: v.visit_time || null,
    title: v.title.trim(),
    location: v.location.trim(),
    provider: v.provider.trim(),
    notes: v.notes.trim(),
    tags: splitList(v.tags),
    vaccines: splitList(v.vaccines),
    prescriptions: v.prescriptions
      .map((p) => ({ medication: p.medication.trim(), dosage: p.dosage.trim(), duration: p.duration.trim() }))
      .filter((p) => p.medication || p.dosage || p.duration),
  };
  switch (v.type) {
    case 'sick':
      return { ...payload, illness_types: v.illness_types, symptoms: v.symptoms.trim() };
    case 'injury':
      return { ...payload, injury_type: v.injury_type.trim(), injury_location: v.injury_location.trim(), treatment: v.treatment.trim() };
    case 'vision':
      return {
        ...payload,
        vision: { right_eye: eye(v.right_eye), left_eye: eye(v.left_eye), glasses_ordered: v.glasses_ordered, contacts_ordered: v.contacts_ordered },
      };
    case 'dental':
      return {
        ...payload,
        dental: {
          procedures: splitList(v.procedures),
          cleaning: v.cleaning,
          cavities_found: decimal(v.cavities_found),
          cavities_filled: decimal(v.cavities_filled),
          xrays: v.xrays,
          fluoride: v.fluoride,
          sealants: v.sealants,
        },
      };
    default:
      return payload;
  }
}

function numberProblem(text: string, min: number, max: number, unit: string): string | null {
  const n = decimal(text);
  return n === null || (Number.isFinite(n) && n >= min && n <= max) ? null : `Must be between ${min} and ${max} ${unit}`;
}

function eyeProblems(prefix: string, e: EyeText): Record<string, string | null> {
  const axis = decimal(e.axis);
  return {
    [`${prefix}.sphere`]: numberProblem(e.sphere, -30, 30, 'dioptres'),
    [`${prefix}.cylinder`]: numberProblem(e.cylinder, -10, 10, 'dioptres'),
    [`${prefix}.axis`]: axis === null || (Number.isInteger(axis) && axis >= 0 && axis <= 180) ? null : 'Must be between 0 and 180 degrees',
  };
}

function cavityProblem(text: string): string | null {
  const n = decimal(text);
  return n === null || (Number.isInteger(n) && n >= 0 && n <= 32) ? null : 'Must be between 0 and 32';
}

/**
 * The API's rules for a visit: a date from birth to two years ahead; visits that
 * happened (today or before) name their illness or injury, appointments need not;
 * bounded texts, lists, refraction and cavity counts.
 */
export function visitProblems(v: VisitValues, dateOfBirth: string, now = today()): FieldErrors {
  const happened = Boolean(v.visit_date) && v.visit_date <= now;
  const prescriptionProblem = v.prescriptions.some((p) => (p.dosage.trim() || p.duration.trim()) && !p.medication.trim())
    ? 'Each prescription needs a medication'
    : null;
  return collect({
    visit_date: recordDateProblem(v.visit_date, dateOfBirth, 'planned', now),
    illness_types: v.type === 'sick' && happened && v.illness_types.length === 0 ? 'A sick visit needs at least one illness type' : null,
    injury_type:
      v.type === 'injury' && happened && !v.injury_type.trim() ? 'An injury visit needs the type of injury' : textProblem(v.injury_type, 100),
    injury_location: textProblem(v.injury_location, 100),
    treatment: textProblem(v.treatment, 2000),
    symptoms: textProblem(v.symptoms, 2000),
    title: textProblem(v.title),
    location: textProblem(v.location),
    provider: textProblem(v.provider),
    notes: notesProblem(v.notes),
    tags: listProblem(splitList(v.tags), 20, 50),
    vaccines: listProblem(splitList(v.vaccines), 30, 100),
    prescriptions: prescriptionProblem ?? (v.prescriptions.length > 20 ? 'At most 20 prescriptions' : null),
    ...(v.type === 'vision' ? { ...eyeProblems('vision.right_eye', v.right_eye), ...eyeProblems('vision.left_eye', v.left_eye) } : {}),
    ...(v.type === 'dental'
      ? {
          'dental.procedures': listProblem(splitList(v.procedures), 20, 200),
          'dental.cavities_found': cavityProblem(v.cavities_found),
          'dental.cavities_filled': cavityProblem(v.cavities_filled),
        }
      : {}),
  });
}

export const VISIT_FIELDS = [
  'type', 'visit_date', 'visit_time', 'title', 'location', 'provider', 'notes', 'tags', 'vaccines', 'prescriptions',
  'illness_types', 'symptoms', 'injury_type', 'injury_location', 'treatment',
  'vision', 'vision.right_eye.sphere', 'vision.right_eye.cylinder', 'vision.right_eye.axis',
  'vision.left_eye.sphere', 'vision.left_eye.cylinder', 'vision.left_eye.axis',
  'dental', 'dental.procedures', 'dental.cavities_found', 'dental.cavities_filled',
] as const;
