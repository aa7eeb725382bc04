import { useState, type FormEvent } from 'react';
import type { MedicalEvent, MedicalEventFields, MedicalEventKind } from '../../api/trajectoryTypes';
import { MEDICAL_EVENT_KINDS } from '../../api/trajectoryTypes';
import { Field, FormError, SelectField, SubmitButton, TextArea } from '../../shell/forms';
import { useRevealErrors } from '../../shell/useRevealErrors';
import { collect } from '../../shell/validation';
import { today } from '../dates';
import { useTrajectory } from '../hooks';
import { EVENT_LABELS } from '../labels';
import { StaleNotice } from '../StaleNotice';
import { useSave } from '../useSave';
import { endDateProblem, notesProblem, recordDateProblem, textProblem } from '../validation';
import type { RecordFormProps } from './VisitForm';

const FIELDS = ['kind', 'name', 'date', 'end_date', 'dose', 'notes'] as const;
const KIND_OPTIONS = MEDICAL_EVENT_KINDS.map((k) => ({ value: k, label: EVENT_LABELS[k] }));

/** The API's rules for a medical event: dates from birth to two years ahead, only medications end. */
export function medicalEventProblems(e: MedicalEventFields, dateOfBirth: string) {
  return collect({
    name: !e.name.trim() ? 'Is required' : textProblem(e.name),
    date: recordDateProblem(e.date, dateOfBirth, 'planned'),
    end_date: e.end_date
      ? (endDateProblem(e.date, e.end_date, 'Cannot be before the date') ?? recordDateProblem(e.end_date, dateOfBirth, 'planned'))
      : null,
    dose: textProblem(e.dose ?? ''),
    notes: notesProblem(e.notes ?? ''),
  });
}

/** A vaccine, medication (with an end date) or procedure. */
export function MedicalEventForm({ child, record, onSaved, onReload }: RecordFormProps<MedicalEvent>) {
  const api = useTrajectory();
  const [values, setValues] = useState({
    kind: record?.kind ?? ('vaccine' as MedicalEventKind),
    name: record?.name ?? '',
    date: record?.date ?? today(),
    end_date: record?.end_date ?? '',
    dose: record?.dose ?? '',
    notes: record?.notes ?? '',
  });
  const { pending, error, fieldErrors, run, stale } = useSave(FIELDS);
  const formRef = useRevealErrors(error, fieldErrors);
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const payload: MedicalEventFields = {
      kind: values.kind,
      name: values.name.trim(),
      date: values.date,
      end_date: values.kind === 'medication' && values.end_date ? values.end_date : null,
      dose: values.dose.trim(),
      notes: values.notes.trim(),
    };
    await run(async () => {
      onSaved(
        record
          ? await api.updateRecord('medical-events', record, payload)
          : await api.createRecord(child.id, 'medical-events', payload),
      );
    }, medicalEventProblems(payload, child.date_of_birth));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      <StaleNotice stale={stale} onReload={onReload} />
      <div className="field-row">
        <SelectField label="Kind" name="kind" options={KIND_OPTIONS} value={values.kind} onChange={(e) => set('kind')(e.target.value)} error={fieldErrors.kind} />
        <Field label="Name" name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} error={fieldErrors.name} hint="E.g. MMR, amoxicillin, tonsillectomy." required />
      </div>
      <div className="field-row">
        <Field label={values.kind === 'medication' ? 'Start date' : 'Date'} name="date" type="date" value={values.date} onChange={(e) => set('date')(e.target.value)} error={fieldErrors.date} required />
        {values.kind === 'medication' && (
          <Field label="End date" name="end_date" type="date" value={values.end_date} onChange={(e) => set('end_date')(e.target.value)} error={fieldErrors.end_date} />
        )}
        <Field label="Dose" name="dose" value={values.dose} onChange={(e) => set('dose')(e.target.value)} error={fieldErrors.dose} />
      </div>
      <TextArea label="Notes" name="notes" value={values.notes} onChange={(e) => set('notes')(e.target.value)} error={fieldErrors.notes} />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        {record ? 'Save event' : 'Add event'}
      </SubmitButton>
    </form>
  );
}
