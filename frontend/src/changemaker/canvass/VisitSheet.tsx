import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Checkbox, SelectField, TextArea } from '../../shell/forms';
import type { Household, Outcome, SignSize } from './types';
import {
  EMPTY_FORM,
  NOTES_MAX,
  OUTCOMES,
  SIGN_SIZES,
  SUPPORT_LEVELS,
  offersWholeBuilding,
  sameBuilding,
  visitProblems,
  type VisitForm,
} from './visitRules';

interface Props {
  household: Household;
  /** The whole walk, to offer "whole building" where the address has several units. */
  households: readonly Household[];
  onSave(form: VisitForm): Promise<void>;
  onCancel(): void;
}

/** "40 Oak Avenue, 3", or the address alone. */
export function doorLabel(household: Pick<Household, 'address' | 'unit'>): string {
  return household.unit ? `${household.address}, ${household.unit}` : household.address;
}

/**
 * What happened at one door: one of seven outcomes (or "not home" for the whole
 * building), and for "Spoke with" the support level, a lawn sign and its size;
 * notes with any outcome. Escape or Cancel closes it without a visit.
 */
export function VisitSheet({ household, households, onSave, onCancel }: Props) {
  const [form, setForm] = useState<VisitForm>(EMPTY_FORM);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const savingRef = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const units = offersWholeBuilding(household, households) ? sameBuilding(household, households).length : 0;

  useEffect(() => heading.current?.focus(), []);

  const set = (patch: Partial<VisitForm>) => setForm((f) => ({ ...f, ...patch }));
  const choose = (outcome: Outcome, wholeBuilding = false) => {
    set({ outcome, wholeBuilding });
    setProblems((p) => ({ ...p, outcome: '' }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = visitProblems(form);
    setProblems(found);
    // One tap, one visit: a second tap while saving would record it twice under another id.
    if (Object.keys(found).length > 0 || savingRef.current) return;
    savingRef.current = true;
    setSaving(true);
    try {
      await onSave(form);
    } finally {
      savingRef.current = false;
      setSaving(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
    }
  }

  return (
    <form className="visit-sheet card" aria-labelledby={headingId} onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {doorLabel(household)}
      </h2>
      {household.occupant_name && <p className="muted">{household.occupant_name}</p>}

      <fieldset className="outcomes" aria-describedby={problems.outcome ? `${headingId}-outcome` : undefined}>
        <legend>What happened at the door?</legend>
        {OUTCOMES.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={form.outcome === o.value && !form.wholeBuilding}
            onClick={() => choose(o.value)}
          >
            {o.label}
          </button>
        ))}
        {units > 0 && (
          <button
            type="button"
            className="whole-building"
            aria-pressed={form.wholeBuilding}
            onClick={() => choose('not_home', true)}
          >
            Not home — whole building ({units} units)
          </button>
        )}
      </fieldset>
      {problems.outcome && (
        <p id={`${headingId}-outcome`} className="field-error" role="alert">
          {problems.outcome}
        </p>
      )}

      {form.outcome === 'spoke_with' && (
        <>
          <fieldset className="choices support-levels">
            <legend>Support</legend>
            {[{ value: null, label: 'Not asked' }, ...SUPPORT_LEVELS].map((level) => (
              <label key={level.value ?? 'none'} className="choice">
                <input
                  type="radio"
                  name="support_level"
                  checked={form.supportLevel === level.value}
                  onChange={() => set({ supportLevel: level.value })}
                />
                {level.value ? `${level.value} · ${level.label}` : level.label}
              </label>
            ))}
          </fieldset>
          <Checkbox
            label="Wants a lawn sign"
            checked={form.signRequested}
            onChange={(signRequested) => set({ signRequested, signSize: signRequested ? form.signSize : null })}
          />
          {form.signRequested && (
            <SelectField
              label="Sign size"
              name="sign_size"
              value={form.signSize ?? ''}
              onChange={(e) => set({ signSize: (e.target.value || null) as SignSize | null })}
              options={[{ value: '', label: 'Not said' }, ...SIGN_SIZES]}
            />
          )}
        </>
      )}

      <TextArea
        label="Notes (optional)"
        name="notes"
        value={form.notes}
        onChange={(e) => set({ notes: e.target.value })}
        error={problems.notes}
        hint={`At most ${NOTES_MAX} characters. Not the occupant's contact details.`}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
          {saving ? 'Saving…' : 'Save visit'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
