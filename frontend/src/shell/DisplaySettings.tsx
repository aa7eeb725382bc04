import { useState } from 'react';
import { ApiError, errorMessage, type FieldErrors } from '../api/errors';
import type { ProfileUpdate } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { formatDate, type DateFormat } from '../trajectory/dates';
import { useDisplay, type Display, type Theme } from './display';
import { FormError, SelectField } from './forms';

const THEME_OPTIONS: { value: Theme; label: string }[] = [
  { value: 'system', label: 'As the system says' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const SAMPLE = '2025-03-04';
const FORMAT_OPTIONS: { value: DateFormat; label: string }[] = [
  { value: 'auto', label: 'Day and month name (4 Mar 2025)' },
  { value: 'mdy', label: 'MM/DD/YYYY (03/04/2025)' },
  { value: 'dmy', label: 'DD/MM/YYYY (04/03/2025)' },
  { value: 'iso', label: 'YYYY-MM-DD (2025-03-04)' },
];

/** The fields whose refusal is shown next to their select. */
const SHOWN = ['preferences.theme', 'preferences.date_format'];

/**
 * Theme and date format, applied at once and saved with the account, so every
 * device the user signs in on shows them. If saving fails, this device keeps the
 * choice and says so. Each change is saved on its own (no waiting for the one
 * before), so quick changes are never dropped.
 */
export function DisplaySettings() {
  const { display, setDisplay } = useDisplay();
  const { api, user } = useAuth();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);

  async function choose(next: Display, preferences: NonNullable<ProfileUpdate['preferences']>) {
    setDisplay(next);
    if (!user) return;
    setFieldErrors({});
    setError(null);
    try {
      await api.updateMe({ preferences });
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors : {};
      const shown = Object.keys(fields).every((name) => SHOWN.includes(name));
      if (Object.keys(fields).length > 0 && shown) setFieldErrors(fields);
      else setError(errorMessage(caught));
    }
  }

  return (
    <>
      <SelectField
        label="Theme"
        name="theme"
        options={THEME_OPTIONS}
        value={display.theme}
        error={fieldErrors['preferences.theme']}
        onChange={(e) => {
          const theme = e.target.value as Theme;
          void choose({ ...display, theme }, { theme });
        }}
      />
      <SelectField
        label="Dates"
        name="date_format"
        options={FORMAT_OPTIONS}
        value={display.dateFormat}
        error={fieldErrors['preferences.date_format']}
        hint={`Shown as ${formatDate(SAMPLE)}. ${user ? 'Saved with your account.' : 'Kept on this device.'}`}
        onChange={(e) => {
          const dateFormat = e.target.value as DateFormat;
          void choose({ ...display, dateFormat }, { date_format: dateFormat });
        }}
      />
      {error && <FormError message={`${error} This device keeps your choice.`} />}
    </>
  );
}
