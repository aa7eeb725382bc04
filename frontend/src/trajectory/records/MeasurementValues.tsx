import type { FieldErrors } from '../../api/errors';
import type { Units } from '../../api/types';
import { UnitField } from '../UnitField';
import type { MeasurementText } from './measurementModel';

/** Weight, height and head circumference, in the user's units. */
export function MeasurementValues({ units, values, onChange, errors }: { units: Units; values: MeasurementText; onChange(v: MeasurementText): void; errors: FieldErrors }) {
  const set = (name: keyof MeasurementText) => (value: string) => onChange({ ...values, [name]: value });
  return (
    <div className="field-row">
      <UnitField label="Weight" name="weight" quantity="weight" units={units} value={values.weight} onChange={set('weight')} error={errors.weight_kg} />
      <UnitField label="Length or height" name="height" quantity="length" units={units} value={values.height} onChange={set('height')} error={errors.height_cm} />
      <UnitField label="Head circumference" name="head" quantity="length" units={units} value={values.head} onChange={set('head')} error={errors.head_circumference_cm} />
    </div>
  );
}
