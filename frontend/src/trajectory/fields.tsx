import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { Units } from '../api/types';
import { Field } from '../shell/forms';
import { unitOf, type Quantity } from './units';

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  error?: string;
  hint?: ReactNode;
}

export function SelectField({ label, name, options, error, hint, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'> {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
}

export function TextArea({ label, name, error, hint, ...area }: TextAreaProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...area}
      />
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

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

interface CheckboxGroupProps<T extends string> {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T[];
  onChange(value: T[]): void;
  error?: string;
}

/** A set of choices, e.g. illness types. */
export function CheckboxGroup<T extends string>({ legend, name, options, labels, value, onChange, error }: CheckboxGroupProps<T>) {
  const id = useId();
  const toggle = (option: T) =>
    onChange(value.includes(option) ? value.filter((v) => v !== option) : [...value, option]);
  return (
    <fieldset className="choices checkbox-grid" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="choice">
          <input type="checkbox" name={name} value={option} checked={value.includes(option)} onChange={() => toggle(option)} />
          {labels[option]}
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="choice checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** A comma-separated list in one input, e.g. vaccines or tags. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
