/**
 * The form pieces every area builds on: labelled inputs, selects, text areas and
 * choices whose hint and error are announced with them (`aria-describedby`,
 * `aria-invalid`), the submit button, and the messages a form shows. Pair them with
 * `useSubmit` (pending state and the server's messages), `useRevealErrors` (brings
 * the first problem into view and focuses it) and the helpers in `validation.ts`.
 */
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

/** What every labelled control takes besides its element's own attributes. */
interface LabelledProps {
  label: string;
  /** The API's field name, so the server's message for it lands here. */
  name: string;
  /** The problem to show under the control; marks it invalid. */
  error?: string;
  /** Guidance shown under the control before anything is wrong. */
  hint?: ReactNode;
}

/** The attributes that tie a control to its hint and its error message. */
function describedBy(id: string, hint?: ReactNode, error?: string) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined } as const;
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

/** The label above, the hint and error below, whatever the control between. */
function LabelledControl({ id, label, hint, error, children }: Omit<LabelledProps, 'name'> & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

export type FieldProps = LabelledProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>;

/** A labelled input with an optional hint and its error message, both announced with the input. */
export function Field({ label, name, error, hint, ...input }: FieldProps) {
  const id = useId();
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} {...describedBy(id, hint, error)} {...input} />
    </LabelledControl>
  );
}

export type SelectFieldProps = LabelledProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> & {
    options: readonly { value: string; label: string }[];
  };

/** A labelled drop-down of `options`, with hint and error like `Field`. */
export function SelectField({ label, name, options, error, hint, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} {...describedBy(id, hint, error)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledControl>
  );
}

export type TextAreaProps = LabelledProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>;

/** A labelled multi-line text (three rows unless told), with hint and error like `Field`. */
export function TextArea({ label, name, error, hint, ...area }: TextAreaProps) {
  const id = useId();
  return (
    <LabelledControl id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={name} rows={3} {...describedBy(id, hint, error)} {...area} />
    </LabelledControl>
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

/**
 * A set of choices under one legend, e.g. illness types. The group as a whole is
 * marked invalid; `useRevealErrors` then focuses its first choice.
 */
export function CheckboxGroup<T extends string>({ legend, name, options, labels, value, onChange, error }: CheckboxGroupProps<T>) {
  const id = useId();
  const toggle = (option: T) =>
    onChange(value.includes(option) ? value.filter((v) => v !== option) : [...value, option]);
  return (
    <fieldset className="choices checkbox-grid" {...describedBy(id, undefined, error)}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="choice">
          <input type="checkbox" name={name} value={option} checked={value.includes(option)} onChange={() => toggle(option)} />
          {labels[option]}
        </label>
      ))}
      <HintAndError id={id} error={error} />
    </fieldset>
  );
}

/** One yes/no choice with its label beside it. */
export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="choice checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

interface SubmitButtonProps {
  pending: boolean;
  children: ReactNode;
  /** Shown while pending, e.g. "Saving…". */
  pendingLabel: string;
}

/** The form's primary button; disabled and relabelled while the form is being sent. */
export function SubmitButton({ pending, children, pendingLabel }: SubmitButtonProps) {
  return (
    <button type="submit" className="primary" disabled={pending} aria-busy={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}

/** An error for the whole form, or for a section of a page; nothing when there is none. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="alert alert-error">
      {message}
    </p>
  );
}

/** A success or information message. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="alert alert-info">
      {children}
    </p>
  );
}

/** Said while something loads. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="loading">
      {label}
    </p>
  );
}
