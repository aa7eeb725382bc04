import { useState, type FormEvent } from 'react';
import { Link, Route, Routes, useSearchParams } from 'react-router-dom';
import { Field, FormError, Loading, Notice, SubmitButton } from '../../shell/forms';
import { NotFound } from '../../shell/layouts';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useSubmit } from '../../shell/useSubmit';
import { LoadError } from '../../trajectory/LoadError';
import { InfluenceLayout } from '../influence/PublicInfluence';
import { byDay, shiftTimes, useShifts, type OpenShift } from './api';
import './shifts.css';

/** The public side of shifts, made for a phone: the upcoming shifts with sign-up, and cancel links. */
export function PublicShifts() {
  return (
    <Routes>
      <Route element={<InfluenceLayout />}>
        <Route index element={<ShiftBoard />} />
        <Route path="cancel" element={<CancelPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/** Upcoming shifts by day; each opens its own sign-up form. */
function ShiftBoard() {
  usePageTitle('Volunteer shifts');
  const api = useShifts();
  const load = useLoad(() => api.publicShifts(), [api]);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<{ shift: OpenShift; email: string } | null>(null);
  if (load.loading) return <Loading label="Loading shifts…" />;
  if (load.error || !load.data) return <LoadError title="Shifts" message={load.error} retry={load.reload} />;
  if (done) {
    return (
      <section aria-labelledby="thanks">
        <h1 id="thanks">Thank you!</h1>
        <Notice>
          {done.shift.spots_left > 0
            ? `You are signed up for ${done.shift.title}.`
            : `${done.shift.title} is full: you are on its waitlist, and we will email you if a place opens.`}
        </Notice>
        <p>
          We sent the details to {done.email}, with a calendar invitation and a link to cancel if your plans change.
        </p>
        <button type="button" onClick={() => setDone(null)}>
          See other shifts
        </button>
      </section>
    );
  }
  const days = byDay(load.data.data);
  return (
    <>
      <h1>Volunteer shifts</h1>
      {days.length === 0 && <p>No shift is planned right now. Come back soon.</p>}
      {days.map(([day, shifts]) => (
        <section key={day} className="shift-day" aria-label={day}>
          <h2>{day}</h2>
          <ul className="shift-list">
            {shifts.map((shift) => (
              <li key={shift.id} className="card shift-card">
                <h3>{shift.title}</h3>
                <p>
                  {shiftTimes(shift)}
                  {shift.location && <> · {shift.location}</>}
                </p>
                {shift.description && <p className="muted">{shift.description}</p>}
                <p className="muted">
                  {shift.spots_left > 0 ? `${shift.spots_left} of ${shift.capacity} places left` : 'Full: join the waitlist'}
                </p>
                {open === shift.id ? (
                  <SignUpForm shift={shift} onDone={(email) => setDone({ shift, email })} />
                ) : (
                  <button type="button" className="primary" onClick={() => setOpen(shift.id)}>
                    {shift.spots_left > 0 ? 'Sign up' : 'Join the waitlist'}
                    <span className="visually-hidden"> for {shift.title}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

const FIELDS = ['name', 'email', 'phone'] as const;

function SignUpForm({ shift, onDone }: { shift: OpenShift; onDone(email: string): void }) {
  const api = useShifts();
  const submit = useSubmit(FIELDS);
  const [form, setForm] = useState({ name: '', email: '', phone: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const send = (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!form.name.trim()) missing.name = 'Please give your name';
    if (!form.email.trim()) missing.email = 'Please give your email';
    void submit.run(async () => {
      await api.signUp(shift.id, form);
      onDone(form.email.trim());
    }, missing);
  };
  return (
    <form onSubmit={send} className="shift-form" noValidate>
      <Field label="Your name" name="name" autoComplete="name" value={form.name} onChange={set('name')} error={submit.fieldErrors.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        value={form.email}
        onChange={set('email')}
        error={submit.fieldErrors.email}
      />
      <Field
        label="Phone (optional)"
        name="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        value={form.phone}
        onChange={set('phone')}
        error={submit.fieldErrors.phone}
        hint="So the organisers can reach you on the day."
      />
      <FormError message={submit.error} />
      <SubmitButton pending={submit.pending} pendingLabel="Signing up…">
        Confirm
      </SubmitButton>
    </form>
  );
}

/**
 * Where an email's cancel link leads: the shift, and a button. Nothing happens
 * until it is pressed, so a mail scanner that opens links cancels nothing.
 */
function CancelPage() {
  usePageTitle('Cancel a shift');
  const api = useShifts();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const load = useLoad(() => api.cancelView(token), [api, token]);
  const submit = useSubmit([]);
  const [cancelled, setCancelled] = useState(false);
  if (load.loading) return <Loading label="Loading…" />;
  if (load.error || !load.data) {
    return (
      <section>
        <h1>Cancel a shift</h1>
        <p>This link does not work any more: the shift may be over.</p>
        <Link to="/shifts">See the upcoming shifts</Link>
      </section>
    );
  }
  const { shift, status } = load.data;
  const over = cancelled || status === 'cancelled';
  return (
    <section>
      <h1>{over ? 'Sign-up cancelled' : 'Cancel your sign-up?'}</h1>
      <p>
        <strong>{shift.title}</strong>
        <br />
        {shiftTimes(shift)}
        {shift.location && <> · {shift.location}</>}
      </p>
      {over ? (
        <Notice>Your sign-up is cancelled. Thank you for letting us know.</Notice>
      ) : (
        <>
          <FormError message={submit.error} />
          <button
            type="button"
            className="primary danger"
            disabled={submit.pending}
            onClick={() => void submit.run(async () => {
              await api.cancelByLink(token);
              setCancelled(true);
            })}
          >
            Yes, cancel my sign-up
          </button>
        </>
      )}
      <p>
        <Link to="/shifts">See the upcoming shifts</Link>
      </p>
    </section>
  );
}
