import type { Units } from '../api/types';
import { Field } from '../shell/forms';
import { unitOf, type Quantity } from './units';

interface UnitFieldProps {
  label: string;
  name: string;
  quantity: Quantity;
  units: Units;
  value: string;
  onChange(value: string): void;
  error?: string;
}

/** A number in the user's unit; the label names the unit, e.g. "Weight (lb)". */
export function UnitField({ label, name, quantity, units, value, onChange, error }: UnitFieldProps) {
  return (
    <Field
      label={`${label} (${unitOf(units, quantity).symbol})`}
      name={name}
      inputMode="decimal"
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}
