import type { Prescription } from '../../api/trajectoryTypes';

/** Medications prescribed at a visit: rows that can be added and removed. */
export function PrescriptionsEditor({ value, onChange, error }: { value: Prescription[]; onChange(v: Prescription[]): void; error?: string }) {
  const update = (index: number, patch: Partial<Prescription>) =>
    onChange(value.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  return (
    <fieldset className="choices" aria-describedby={error ? 'prescriptions-error' : undefined}>
      <legend>Prescriptions</legend>
      {value.map((p, i) => (
        <div className="field-row prescription" key={i}>
          {(['medication', 'dosage', 'duration'] as const).map((part) => (
            <div className="field" key={part}>
              <label htmlFor={`rx-${i}-${part}`}>{`${part[0].toUpperCase()}${part.slice(1)} ${i + 1}`}</label>
              <input id={`rx-${i}-${part}`} value={p[part]} onChange={(e) => update(i, { [part]: e.target.value })} />
            </div>
          ))}
          <button type="button" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            Remove prescription {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...value, { medication: '', dosage: '', duration: '' }])}>
        Add a prescription
      </button>
      {error && (
        <p id="prescriptions-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
