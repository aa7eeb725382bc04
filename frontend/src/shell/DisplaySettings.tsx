import { formatDate, type DateFormat } from '../trajectory/dates';
import { useDisplay, type Theme } from './display';
import { SelectField } from './forms';

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

/** Theme and date format, applied at once and kept on this device. */
export function DisplaySettings() {
  const { display, setDisplay } = useDisplay();
  return (
    <>
      <SelectField
        label="Theme"
        name="theme"
        options={THEME_OPTIONS}
        value={display.theme}
        onChange={(e) => setDisplay({ ...display, theme: e.target.value as Theme })}
      />
      <SelectField
        label="Dates"
        name="date_format"
        options={FORMAT_OPTIONS}
        value={display.dateFormat}
        hint={`Shown as ${formatDate(SAMPLE)}. Kept on this device.`}
        onChange={(e) => setDisplay({ ...display, dateFormat: e.target.value as DateFormat })}
      />
    </>
  );
}
