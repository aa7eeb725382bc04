/**
 * A visit between the API's shape and the form's text: which fields each visit
 * type sends, and the API's rules for them.
 */
import type { FieldErrors } from '../../api/errors';
import type { EyeRefraction, Prescription, Visit, VisitFields, VisitType } from '../../api/trajectoryTypes';
import { collect } from '../../auth/validation';
import { today } from '../dates';
import { splitList } from '../fields';
import { integerProblem, notesProblem, requiredDate, textProblem } from '../validation';
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
    right_eye: eyeText(visit?.right_eye),
    left_eye: eyeText(visit?.left_eye),
    glasses_ordered: visit?.glasses_ordered ?? false,
    contacts_ordered: visit?.contacts_ordered ?? false,
    procedures: (visit?.procedures ?? []).join(', '),
    cleaning: visit?.cleaning ?? false,
    cavities_found: text(visit?.cavities_found),
    cavities_filled: text(visit?.cavities_filled),
    xrays: visit?.xrays ?? false,
    fluoride: visit?.fluoride ?? false,
    sealants: visit?.sealants ?? false,
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
      return { ...payload, right_eye: eye(v.right_eye), left_eye: eye(v.left_eye), glasses_ordered: v.glasses_ordered, contacts_ordered: v.contacts_ordered };
    case 'dental':
      return {
        ...payload,
        procedures: splitList(v.procedures),
        cleaning: v.cleaning,
        cavities_found: decimal(v.cavities_found),
        cavities_filled: decimal(v.cavities_filled),
        xrays: v.xrays,
        fluoride: v.fluoride,
        sealants: v.sealants,
      };
    default:
      return payload;
  }
}

function eyeProblems(name: string, e: EyeText): Record<string, string | null> {
  const numberProblem = (t: string, min: number, max: number) => {
    const n = decimal(t);
    return n === null || (Number.isFinite(n) && n >= min && n <= max) ? null : `Must be a number from ${min} to ${max}`;
  };
  return {
    [`${name}.sphere`]: numberProblem(e.sphere, -30, 30),
    [`${name}.cylinder`]: numberProblem(e.cylinder, -15, 15),
    [`${name}.axis`]: integerProblem(e.axis, 0, 180),
  };
}

/**
 * The API's rules: a date; past and present sick visits name at least one illness
 * and injuries their kind (future visits are appointments, exempt).
 */
export function visitProblems(v: VisitValues, now = today()): FieldErrors {
  const happened = Boolean(v.visit_date) && v.visit_date <= now;
  const prescriptionProblem = v.prescriptions.some((p) => (p.dosage.trim() || p.duration.trim()) && !p.medication.trim())
    ? 'Each prescription needs a medication'
    : null;
  return collect({
    visit_date: requiredDate(v.visit_date, 'the date of the visit'),
    illness_types: v.type === 'sick' && happened && v.illness_types.length === 0 ? 'Choose at least one illness type' : null,
    injury_type: v.type === 'injury' && happened && !v.injury_type.trim() ? 'Describe the injury' : null,
    title: textProblem(v.title, 'Title'),
    location: textProblem(v.location, 'Location'),
    provider: textProblem(v.provider, 'Provider'),
    notes: notesProblem(v.notes),
    prescriptions: prescriptionProblem,
    ...(v.type === 'vision' ? { ...eyeProblems('right_eye', v.right_eye), ...eyeProblems('left_eye', v.left_eye) } : {}),
    ...(v.type === 'dental'
      ? { cavities_found: integerProblem(v.cavities_found, 0, 32), cavities_filled: integerProblem(v.cavities_filled, 0, 32) }
      : {}),
  });
}

export const VISIT_FIELDS = [
  'type', 'visit_date', 'visit_time', 'title', 'location', 'provider', 'notes', 'tags', 'vaccines', 'prescriptions',
  'illness_types', 'symptoms', 'injury_type', 'injury_location', 'treatment',
  'right_eye.sphere', 'right_eye.cylinder', 'right_eye.axis', 'left_eye.sphere', 'left_eye.cylinder', 'left_eye.axis',
  'procedures', 'cavities_found', 'cavities_filled',
] as const;
