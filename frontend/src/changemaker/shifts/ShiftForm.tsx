import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Field, FormError, SelectField, SubmitButton, TextArea } from '../../shell/forms';
import { usePageTitle } from '../../shell/usePageTitle';
import { useSubmit } from '../../shell/useSubmit';
import { useShifts, type ShiftRecurrence, type ShiftRequest } from './api';
import { today } from '../../trajectory/dates';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const FIELDS = ['title', 'description', 'location', 'capacity', 'time_zone', 'date', 'start_time', 'end_time', 'recurrence'];

/** The browser's zone, the likely zone of the organiser's shifts. */
function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Edmonton';
}

/** A new shift, or a series: daily, weekly on chosen days or monthly, ending after a count or on a date (at most 100). */
export function NewShiftPage() {
  usePageTitle('New shift');
  const api = useShifts();
  const navigate = useNavigate();
  const submit = useSubmit(FIELDS);
  const [form, setForm] = useState({
    title: '',
    description: '',
    location: '',
    capacity: '10',
    time_zone: localZone(),
    date: today(),
    start_time: '10:00',
    end_time: '13:00',
  });
  const [repeat, setRepeat] = useState<'none' | ShiftRecurrence['frequency']>('none');
  const [weekdays, setWeekdays] = useState<(typeof WEEKDAYS)[number][]>([]);
  const [count, setCount] = useState('4');
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  const send = (e: FormEvent) => {
    e.preventDefault();
    const request: ShiftRequest = {
      ...form,
      capacity: Number(form.capacity),
      recurrence:
        repeat === 'none'
          ? null
          : { frequency: repeat, interval: 1, weekdays: repeat === 'weekly' ? weekdays : [], count: Number(count), until: null },
    };
    void submit.run(async () => {
      const made = await api.create(request);
      navigate(`/changemaker/shifts/${made.shifts[0].id}`);
    });
  };
  const error = submit.fieldErrors;
  return (
    <section aria-labelledby="new-shift">
      <h1 id="new-shift">New shift</h1>
      <form onSubmit={send} noValidate>
        <Field label="Title" name="title" value={form.title} onChange={set('title')} error={error.title} />
        <Field label="Where volunteers meet" name="location" value={form.location} onChange={set('location')} error={error.location} />
        <TextArea label="Description" name="description" value={form.description} onChange={set('description')} error={error.description} />
        <Field label="Places" name="capacity" type="number" min={1} max={1000} value={form.capacity} onChange={set('capacity')} error={error.capacity} />
        <Field label="Date" name="date" type="date" value={form.date} onChange={set('date')} error={error.date} />
        <div className="field-row">
          <Field label="Starts" name="start_time" type="time" value={form.start_time} onChange={set('start_time')} error={error.start_time} />
          <Field label="Ends" name="end_time" type="time" value={form.end_time} onChange={set('end_time')} error={error.end_time} />
        </div>
        <Field label="Time zone" name="time_zone" value={form.time_zone} onChange={set('time_zone')} error={error.time_zone} hint="Such as America/Edmonton" />
        <SelectField
          label="Repeats"
          name="repeat"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value as typeof repeat)}
          options={[
            { value: 'none', label: 'Does not repeat' },
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly' },
            { value: 'monthly', label: 'Monthly' },
          ]}
        />
        {repeat === 'weekly' && (
          <fieldset className="weekdays">
            <legend>On</legend>
            {WEEKDAYS.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={weekdays.includes(d)}
                  onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, d] : weekdays.filter((w) => w !== d))}
                />{' '}
                {d}
              </label>
            ))}
          </fieldset>
        )}
        {repeat !== 'none' && (
          <Field label="Occurrences (at most 100)" name="count" type="number" min={1} max={100} value={count} onChange={(e) => setCount(e.target.value)} error={error.recurrence} />
        )}
        <FormError message={submit.error} />
        <SubmitButton pending={submit.pending} pendingLabel="Saving…">
          Create
        </SubmitButton>
      </form>
    </section>
  );
}
