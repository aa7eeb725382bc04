import type { Illness, Measurement, MedicalEvent, Visit } from '../../api/trajectoryTypes';
import type { Units } from '../../api/types';
import { formatDate, today } from '../dates';
import { EVENT_LABELS, ILLNESS_LABELS, INDICATOR_LABELS, VISIT_LABELS, ordinal } from '../labels';
import { formatQuantity } from '../units';
import type { Entry } from './entries';

/** The heading and one or two lines about a record, as the timeline shows it. */
export function EntrySummary({ entry, units, measurements = [] }: { entry: Entry; units: Units; measurements?: Measurement[] }) {
  switch (entry.kind) {
    case 'visits':
      return <VisitSummary visit={entry.record} units={units} measurements={measurements} />;
    case 'measurements':
      return <MeasurementSummary measurement={entry.record} units={units} />;
    case 'medical-events':
      return <EventSummary event={entry.record} />;
    case 'illnesses':
      return <IllnessSummary illness={entry.record} units={units} />;
  }
}

function VisitSummary({ visit, units, measurements }: { visit: Visit; units: Units; measurements: Measurement[] }) {
  // Compared with the user's own calendar date, not UTC's.
  const future = visit.visit_date > today();
  const bits = [visit.provider, visit.location].filter(Boolean).join(' · ');
  return (
    <>
      <h3 className="entry-title">
        {VISIT_LABELS[visit.type] ?? visit.type} visit{visit.title ? `: ${visit.title}` : ''}
        {future && <span className="badge">Appointment</span>}
      </h3>
      {bits && <p className="muted">{bits}</p>}
      {visit.illness_types && visit.illness_types.length > 0 && (
        <p>{visit.illness_types.map((t) => ILLNESS_LABELS[t] ?? t).join(', ')}</p>
      )}
      {visit.injury_type && <p>{[visit.injury_type, visit.injury_location].filter(Boolean).join(' · ')}</p>}
      {visit.vision && (visit.vision.glasses_ordered || visit.vision.contacts_ordered) && (
        <p>{[visit.vision.glasses_ordered && 'Glasses ordered', visit.vision.contacts_ordered && 'Contact lenses ordered'].filter(Boolean).join(' · ')}</p>
      )}
      {visit.dental && visit.dental.cavities_found != null && (
        <p>
          Cavities found: {visit.dental.cavities_found}
          {visit.dental.cavities_filled != null && `, filled: ${visit.dental.cavities_filled}`}
        </p>
      )}
      {visit.prescriptions && visit.prescriptions.length > 0 && (
        <p>Prescribed: {visit.prescriptions.map((p) => [p.medication, p.dosage].filter(Boolean).join(' ')).join(', ')}</p>
      )}
      {visit.vaccines && visit.vaccines.length > 0 && <p>Vaccines: {visit.vaccines.join(', ')}</p>}
      {measurements.map((m) => (
        <p key={m.id}>Measured: {measuredValues(m, units).join(' · ')}</p>
      ))}
      {visit.notes && <p className="pre">{visit.notes}</p>}
    </>
  );
}

/** "Weight 9.65 kg", "Length/height 75.7 cm", "Head 45 cm": what a measurement holds. */
export function measuredValues(m: Measurement, units: Units): string[] {
  return [
    m.weight_kg != null && `Weight ${formatQuantity(units, 'weight', m.weight_kg)}`,
    m.height_cm != null && `Length/height ${formatQuantity(units, 'length', m.height_cm)}`,
    m.head_circumference_cm != null && `Head ${formatQuantity(units, 'length', m.head_circumference_cm)}`,
  ].filter((v): v is string => Boolean(v));
}

function MeasurementSummary({ measurement, units }: { measurement: Measurement; units: Units }) {
  const values = measuredValues(measurement, units);
  return (
    <>
      <h3 className="entry-title">Measurement</h3>
      <p>{values.join(' · ')}</p>
      {measurement.scores?.length > 0 && (
        <ul className="scores">
          {measurement.scores.map((s) => (
            <li key={s.indicator}>
              {INDICATOR_LABELS[s.indicator] ?? s.indicator}: {ordinal(s.percentile)} percentile
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function EventSummary({ event }: { event: MedicalEvent }) {
  return (
    <>
      <h3 className="entry-title">
        {EVENT_LABELS[event.kind] ?? event.kind}: {event.name}
      </h3>
      {(event.dose || event.end_date) && (
        <p className="muted">
          {[event.dose, event.end_date && `until ${formatDate(event.end_date)}`].filter(Boolean).join(' · ')}
        </p>
      )}
    </>
  );
}

function IllnessSummary({ illness, units }: { illness: Illness; units: Units }) {
  const bits = [
    illness.end_date ? `until ${formatDate(illness.end_date)}` : 'ongoing',
    illness.max_temperature_c != null && `up to ${formatQuantity(units, 'temperature', illness.max_temperature_c)}`,
    illness.severity != null && `severity ${illness.severity}/10`,
  ].filter(Boolean);
  return (
    <>
      <h3 className="entry-title">Illness: {illness.illness_types.map((t) => ILLNESS_LABELS[t] ?? t).join(', ')}</h3>
      <p className="muted">{bits.join(' · ')}</p>
      {illness.symptoms && <p>{illness.symptoms}</p>}
    </>
  );
}
