/** A measurement between the form's text (in the user's units) and the API's SI fields. */
import type { FieldErrors } from '../../api/errors';
import type { MeasurementFields } from '../../api/trajectoryTypes';
import type { Units } from '../../api/types';
import { collect } from '../../shell/validation';
import { today } from '../dates';
import { fromInput } from '../units';
import { notesProblem, rangeProblem, recordDateProblem } from '../validation';

/** The three values as typed, in the user's units. */
export interface MeasurementText {
  weight: string;
  height: string;
  head: string;
}

export const emptyMeasurement: MeasurementText = { weight: '', height: '', head: '' };

export const AT_LEAST_ONE = 'Give at least one of weight, height or head circumference';

/** The API's bounds, in SI. */
export const LIMITS = {
  weight_kg: [0.2, 250],
  height_cm: [20, 250],
  head_circumference_cm: [20, 70],
} as const;

export function measurementPayload(
  units: Units,
  v: MeasurementText & { measured_on: string; notes: string; visit_id?: string },
): MeasurementFields {
  return {
    measured_on: v.measured_on,
    weight_kg: fromInput(units, 'weight', v.weight),
    height_cm: fromInput(units, 'length', v.height),
    head_circumference_cm: fromInput(units, 'length', v.head),
    visit_id: v.visit_id || null,
    notes: v.notes.trim(),
  };
}

/** The API's rules: a date from birth to today, at least one value, each in range. */
export function measurementProblems(m: MeasurementFields, dateOfBirth: string, units: Units = 'metric', now = today()): FieldErrors {
  const noValue = m.weight_kg == null && m.height_cm == null && m.head_circumference_cm == null;
  return collect({
    measured_on: recordDateProblem(m.measured_on, dateOfBirth, 'past', now),
    weight_kg: noValue ? AT_LEAST_ONE : rangeProblem(m.weight_kg ?? null, ...LIMITS.weight_kg, units, 'weight'),
    height_cm: rangeProblem(m.height_cm ?? null, ...LIMITS.height_cm, units, 'length'),
    head_circumference_cm: rangeProblem(m.head_circumference_cm ?? null, ...LIMITS.head_circumference_cm, units, 'length'),
    notes: notesProblem(m.notes ?? ''),
  });
}
