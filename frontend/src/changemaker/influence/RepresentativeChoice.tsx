import type { Representative } from '../../api/influenceTypes';
import { LEVEL_LABELS } from './labels';

interface RepresentativeChoiceProps {
  representatives: Representative[];
  chosen: string[];
  onChange(chosen: string[]): void;
  error?: string;
}

/**
 * The supporter's representatives, each to tick or untick; those without a
 * public email address are shown but cannot be written to from here.
 */
export function RepresentativeChoice({ representatives, chosen, onChange, error }: RepresentativeChoiceProps) {
  const toggle = (id: string) => onChange(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
  return (
    <fieldset className="choices representatives" aria-invalid={error ? true : undefined} aria-describedby={error ? 'reps-error' : undefined}>
      <legend>Write to</legend>
      <ul>
        {representatives.map((rep) => (
          <li key={rep.id}>
            <label className="representative">
              <input
                type="checkbox"
                name="representative_ids"
                value={rep.id}
                checked={chosen.includes(rep.id)}
                disabled={!rep.email}
                onChange={() => toggle(rep.id)}
              />
              {rep.photo_url ? <img src={rep.photo_url} alt="" className="rep-photo" /> : <span className="rep-photo" aria-hidden="true" />}
              <span>
                <span className="rep-name">{rep.name}</span>
                <span className="rep-office">
                  {rep.elected_office}, {rep.district}
                  {rep.party && ` · ${rep.party}`}
                </span>
                <span className="rep-level">{LEVEL_LABELS[rep.level]}</span>
                {!rep.email && <span className="rep-level">No public email address</span>}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p id="reps-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
