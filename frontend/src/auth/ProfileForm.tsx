import { useState, type FormEvent } from 'react';
import type { ProfileUpdate, Units, User } from '../api/types';
import { Field, FormError, Notice, SubmitButton } from '../shell/forms';
import { useSubmit } from '../shell/useSubmit';
import { collect } from '../shell/validation';
import { useApi } from './AuthContext';
import { emailProblem } from './validation';

const FIELDS = ['display_name', 'email', 'preferences', 'preferences.units', 'units'] as const;

/** Sends only what changed; the client passes the saved user on to everyone who shows it. */
export function ProfileForm({ user }: { user: User }) {
  const api = useApi();
  const [displayName, setDisplayName] = useState(user.display_name ?? '');
  const [email, setEmail] = useState(user.email);
  const [units, setUnits] = useState<Units>(user.preferences.units);
  const [saved, setSaved] = useState<string | null>(null);
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const update: ProfileUpdate = {};
    if (displayName.trim() !== (user.display_name ?? '')) update.display_name = displayName.trim();
    if (email.trim() !== user.email) update.email = email.trim();
    if (units !== user.preferences.units) update.preferences = { units };
    if (Object.keys(update).length === 0) {
      setSaved('Nothing has changed.');
      return;
    }
    const problems = collect({ email: update.email != null ? emailProblem(update.email) : null });
    const ok = await run(async () => {
      await api.updateMe(update);
    }, problems);
    if (ok) setSaved('Your profile has been saved.');
  }

  const unitsError = fieldErrors['preferences.units'] ?? fieldErrors.preferences ?? fieldErrors.units;

  return (
    <form onSubmit={onSubmit} noValidate>
      {saved && <Notice>{saved}</Notice>}
      <FormError message={error} />
      <Field
        label="Display name"
        name="display_name"
        autoComplete="name"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        error={fieldErrors.display_name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldErrors.email}
      />
      <fieldset className="choices" aria-describedby={unitsError ? 'units-error' : undefined}>
        <legend>Units</legend>
        {(['metric', 'imperial'] as const).map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name="units"
              value={choice}
              checked={units === choice}
              onChange={() => setUnits(choice)}
            />
            {choice === 'metric' ? 'Metric (kg, cm)' : 'Imperial (lb, in)'}
          </label>
        ))}
        {unitsError && (
          <p id="units-error" className="field-error">
            {unitsError}
          </p>
        )}
      </fieldset>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save profile
      </SubmitButton>
    </form>
  );
}
