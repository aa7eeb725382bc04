import type { FamilyRole, IllnessType, Indicator, MedicalEventKind, VisitType } from '../api/trajectoryTypes';

export const ROLE_LABELS: Record<FamilyRole, string> = {
  owner: 'Owner',
  parent: 'Parent',
  read_only: 'Read-only',
};

/** Owners and parents write; read-only members see no edit controls at all. */
export function canWrite(role: FamilyRole | undefined): boolean {
  return role === 'owner' || role === 'parent';
}

export const VISIT_LABELS: Record<VisitType, string> = {
  wellness: 'Wellness',
  sick: 'Sick',
  injury: 'Injury',
  vision: 'Vision',
  dental: 'Dental',
};

export const ILLNESS_LABELS: Record<IllnessType, string> = {
  flu: 'Flu',
  strep: 'Strep',
  rsv: 'RSV',
  covid: 'COVID-19',
  cold: 'Cold',
  stomach_bug: 'Stomach bug',
  ear_infection: 'Ear infection',
  hand_foot_mouth: 'Hand, foot and mouth',
  croup: 'Croup',
  pink_eye: 'Pink eye',
  other: 'Other',
};

export const EVENT_LABELS: Record<MedicalEventKind, string> = {
  vaccine: 'Vaccine',
  medication: 'Medication',
  procedure: 'Procedure',
};

export const INDICATOR_LABELS: Record<Indicator, string> = {
  weight_for_age: 'Weight for age',
  length_height_for_age: 'Length/height for age',
  head_circumference_for_age: 'Head circumference for age',
  bmi_for_age: 'BMI for age',
  weight_for_length_height: 'Weight for length/height',
};

/** "50th", "3rd", "97.5th": percentiles as people read them. */
export function ordinal(percentile: number): string {
  const shown = percentile >= 99 || percentile < 1 ? Number(percentile.toFixed(1)) : Math.round(percentile);
  const n = Math.floor(shown);
  const rem100 = n % 100;
  const suffix = rem100 >= 11 && rem100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${shown}${Number.isInteger(shown) ? suffix : 'th'}`;
}
