import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Field, FormError, Loading, Notice, SelectField, SubmitButton } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useSubmit } from '../../shell/useSubmit';
import { LoadError } from '../../trajectory/LoadError';
import { shiftDay, shiftTimes, useShifts, type Shift, type ShiftScope, type ShiftSignup } from './api';

/** One shift for its admins: who is confirmed, who waits, upgrading TEMP accounts, and edits by scope. */
export function ShiftAdminPage() {
  const { id = '' } = useParams();
  const api = useShifts();
  const load = useLoad(() => api.detail(id), [api, id]);
  usePageTitle(load.data?.shift.title ?? 'Shift');
  if (load.loading) return <Loading label="Loading the shift…" />;
  if (load.error || !load.data) return <LoadError title="Shift" message={load.error} retry={load.reload} />;
  const { shift, signups } = load.data;
  const confirmed = signups.filter((s) => s.status === 'confirmed');
  const waiting = signups.filter((s) => s.status === 'waitlisted');
  return (
    <section aria-labelledby="shift-title">
      <h1 id="shift-title">{shift.title}</h1>
      <p>
        {shiftDay(shift)}, {shiftTimes(shift)}
        {shift.location && <> · {shift.location}</>}
      </p>
      <p className="muted">
        {shift.confirmed_count} of {shift.capacity} places taken{shift.series_id && ' · part of a series'}
      </p>
      <People title="Signed up" people={confirmed} shift={shift.id} onChange={load.reload} />
      <People title="Waitlist" people={waiting} shift={shift.id} onChange={load.reload} ordered />
      <EditShift shift={shift} onSaved={load.reload} />
    </section>
  );
}

function People({
  title,
  people,
  shift,
  onChange,
  ordered = false,
}: {
  title: string;
  people: ShiftSignup[];
  shift: string;
  onChange(): void;
  ordered?: boolean;
}) {
  const api = useShifts();
  const submit = useSubmit([]);
  const List = ordered ? 'ol' : 'ul';
  return (
    <section aria-label={title}>
      <h2>
        {title} ({people.length})
      </h2>
      <FormError message={submit.error} />
      {people.length === 0 ? (
        <p className="muted">Nobody yet.</p>
      ) : (
        <List className="signup-list">
          {people.map((p) => (
            <li key={p.id} className="signup">
              <span>
                <strong>{p.name}</strong> {p.role === 'TEMP' && <span className="badge">New volunteer</span>}
                <br />
                <span className="muted">
                  {p.email}
                  {p.phone && <> · {p.phone}</>}
                </span>
              </span>
              <span className="actions">
                {p.role === 'TEMP' && (
                  <button type="button" disabled={submit.pending} onClick={() => void submit.run(async () => {
                    await api.upgrade(p.user_id);
                    onChange();
                  })}>
                    Make a volunteer account
                  </button>
                )}
                <button type="button" className="danger" disabled={submit.pending} onClick={() => void submit.run(async () => {
                  await api.removeSignup(shift, p.id);
                  onChange();
                })}>
                  Remove<span className="visually-hidden"> {p.name}</span>
                </button>
              </span>
            </li>
          ))}
        </List>
      )}
    </section>
  );
}

const SCOPES: { value: ShiftScope; label: string }[] = [
  { value: 'this', label: 'This shift' },
  { value: 'future', label: 'This and the following shifts' },
  { value: 'all', label: 'All shifts of the series' },
];

/** Local HH:MM of an instant in the shift's zone. */
function wallClock(at: string, zone: string): string {
  return new Date(at).toLocaleTimeString('en-CA', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
}

function EditShift({ shift, onSaved }: { shift: Shift; onSaved(): void }) {
  const api = useShifts();
  const navigate = useNavigate();
  const submit = useSubmit(['title', 'location', 'capacity', 'start_time', 'end_time']);
  const [saved, setSaved] = useState(false);
  const [scope, setScope] = useState<ShiftScope>('this');
  const [form, setForm] = useState({
    title: shift.title,
    location: shift.location,
    capacity: String(shift.capacity),
    start_time: wallClock(shift.starts_at, shift.time_zone),
    end_time: wallClock(shift.ends_at, shift.time_zone),
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const save = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      await api.update(shift.id, scope, { ...form, capacity: Number(form.capacity) });
      setSaved(true);
      onSaved();
    });
  };
  const remove = () =>
    void submit.run(async () => {
      await api.remove(shift.id, scope);
      navigate('/changemaker/shifts');
    });
  const error = submit.fieldErrors;
  return (
    <section aria-labelledby="edit-shift">
      <h2 id="edit-shift">Change</h2>
      <form onSubmit={save} noValidate>
        {shift.series_id && (
          <SelectField label="Apply to" name="scope" value={scope} onChange={(e) => setScope(e.target.value as ShiftScope)} options={SCOPES} />
        )}
        <Field label="Title" name="title" value={form.title} onChange={set('title')} error={error.title} />
        <Field label="Where volunteers meet" name="location" value={form.location} onChange={set('location')} error={error.location} />
        <Field label="Places" name="capacity" type="number" min={1} value={form.capacity} onChange={set('capacity')} error={error.capacity} />
        <div className="field-row">
          <Field label="Starts" name="start_time" type="time" value={form.start_time} onChange={set('start_time')} error={error.start_time} />
          <Field label="Ends" name="end_time" type="time" value={form.end_time} onChange={set('end_time')} error={error.end_time} />
        </div>
        <FormError message={submit.error} />
        {saved && <Notice>Saved.</Notice>}
        <div className="actions">
          <SubmitButton pending={submit.pending} pendingLabel="Saving…">
            Save
          </SubmitButton>
          <button type="button" className="danger" disabled={submit.pending} onClick={remove}>
            Delete
          </button>
        </div>
      </form>
    </section>
  );
}
