import { useState, type FormEvent } from 'react';
import type { Me, ProfileUpdate, Units, User } from '../api/types';
import { Field, FormError, Notice, SubmitButton } from '../shell/forms';
import { useSubmit } from '../shell/useSubmit';
import { collect } from '../shell/validation';
import { useApi } from './AuthContext';
import { emailProblem } from './validation';

const FIELDS = ['display_name', 'email', 'current_password', 'preferences', 'preferences.units', 'units'] as const;

/**
 * Sends only what changed; the client passes the saved user on to everyone who
 * shows it. A new email address needs the current password, and takes effect
 * only once the link emailed to it is opened (`onSaved` gets the new state).
 */
export function ProfileForm({ user, onSaved }: { user: User; onSaved?: (me: Me) => void }) {
  const api = useApi();
  const [displayName, setDisplayName] = useState(user.display_name ?? '');
  const [email, setEmail] = useState(user.email);
  const [currentPassword, setCurrentPassword] = useState('');
  const [units, setUnits] = useState<Units>(user.preferences.units);
  const changingEmail = email.trim() !== user.email;
  const [saved, setSaved] = useState<string | null>(null);
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const update: ProfileUpdate = {};
    if (displayName.trim() !== (user.display_name ?? '')) update.display_name = displayName.trim();
    if (changingEmail) {
      update.email = email.trim();
      update.current_password = currentPassword;
    }
    if (units !== user.preferences.units) update.preferences = { units };
    if (Object.keys(update).length === 0) {
      setSaved('Nothing has changed.');
      return;
    }
    const problems = collect({
      email: update.email != null ? emailProblem(update.email) : null,
      current_password:
        update.email != null && !currentPassword ? 'Enter your current password to change your email address' : null,
    });
    const result: { me?: Me } = {};
    const ok = await run(async () => {
      result.me = await api.updateMe(update);
    }, problems);
    const saved = result.me;
    if (!ok || !saved) return;
    onSaved?.(saved);
    if (update.email != null) {
      setEmail(saved.email);
      setCurrentPassword('');
      setSaved(
        `Your profile has been saved. We sent a link to ${update.email}: your email address changes when you open it. Until then it stays ${saved.email}.`,
      );
    } else {
      setSaved('Your profile has been saved.');
    }
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
      {changingEmail && (
        <Field
          label="Your password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          hint="Needed to change your email address."
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={fieldErrors.current_password}
        />
      )}
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
