import { useState, type FormEvent } from 'react';
import type { Illness, IllnessFields, IllnessType } from '../../api/trajectoryTypes';
import { ILLNESS_TYPES } from '../../api/trajectoryTypes';
import type { Units } from '../../api/types';
import { CheckboxGroup, Field, FormError, SelectField, SubmitButton, TextArea } from '../../shell/forms';
import { useRevealErrors } from '../../shell/useRevealErrors';
import { collect } from '../../shell/validation';
import { today } from '../dates';
import { useTrajectory, useUnits } from '../hooks';
import { ILLNESS_LABELS } from '../labels';
import { StaleNotice } from '../StaleNotice';
import { UnitField } from '../UnitField';
import { fromInput, toInput } from '../units';
import { useSave } from '../useSave';
import { endDateProblem, notesProblem, rangeProblem, recordDateProblem, textProblem } from '../validation';
import type { RecordFormProps } from './VisitForm';
import { VisitSelect } from './VisitSelect';

const FIELDS = ['illness_types', 'start_date', 'end_date', 'symptoms', 'max_temperature_c', 'severity', 'visit_id', 'notes'] as const;
const SEVERITY_OPTIONS = [
  { value: '', label: 'Not rated' },
  ...Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}${i === 0 ? ' (mild)' : i === 9 ? ' (severe)' : ''}` })),
];

/** The API's rules for an illness: a type, dates from birth to today in order, 35–45 °C, severity 1–10. */
export function illnessProblems(i: IllnessFields, dateOfBirth: string, units: Units) {
  return collect({
    illness_types: i.illness_types.length === 0 ? 'Choose at least one illness type' : null,
    start_date: recordDateProblem(i.start_date, dateOfBirth, 'past'),
    end_date: i.end_date ? (endDateProblem(i.start_date, i.end_date) ?? recordDateProblem(i.end_date, dateOfBirth, 'past')) : null,
    symptoms: textProblem(i.symptoms ?? '', 2000),
    max_temperature_c: rangeProblem(i.max_temperature_c ?? null, 35, 45, units, 'temperature'),
    severity: i.severity != null && !(i.severity >= 1 && i.severity <= 10) ? 'Must be between 1 and 10' : null,
    notes: notesProblem(i.notes ?? ''),
  });
}

export function IllnessForm({ child, record, onSaved, onReload }: RecordFormProps<Illness>) {
  const api = useTrajectory();
  const units = useUnits();
  const [types, setTypes] = useState<IllnessType[]>(record?.illness_types ?? []);
  const [values, setValues] = useState({
    start_date: record?.start_date ?? today(),
    end_date: record?.end_date ?? '',
    symptoms: record?.symptoms ?? '',
    temperature: toInput(units, 'temperature', record?.max_temperature_c),
    severity: record?.severity ? String(record.severity) : '',
    visit_id: record?.visit_id ?? '',
    notes: record?.notes ?? '',
  });
  const { pending, error, fieldErrors, run, stale } = useSave(FIELDS);
  const formRef = useRevealErrors(error, fieldErrors);
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const payload: IllnessFields = {
      illness_types: types,
      start_date: values.start_date,
      end_date: values.end_date || null,
      symptoms: values.symptoms.trim(),
      max_temperature_c: fromInput(units, 'temperature', values.temperature),
      severity: values.severity ? Number(values.severity) : null,
      visit_id: values.visit_id || null,
      notes: values.notes.trim(),
    };
    await run(async () => {
      onSaved(
        record
          ? await api.updateRecord('illnesses', record, payload)
          : await api.createRecord(child.id, 'illnesses', payload),
      );
    }, illnessProblems(payload, child.date_of_birth, units));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      <StaleNotice stale={stale} onReload={onReload} />
      <CheckboxGroup legend="Illness types" name="illness_types" options={ILLNESS_TYPES} labels={ILLNESS_LABELS} value={types} onChange={setTypes} error={fieldErrors.illness_types} />
      <div className="field-row">
        <Field label="Start date" name="start_date" type="date" value={values.start_date} onChange={(e) => set('start_date')(e.target.value)} error={fieldErrors.start_date} required />
        <Field label="End date" name="end_date" type="date" hint="Leave empty while still ill." value={values.end_date} onChange={(e) => set('end_date')(e.target.value)} error={fieldErrors.end_date} />
      </div>
      <div className="field-row">
        <UnitField label="Highest temperature" name="temperature" quantity="temperature" units={units} value={values.temperature} onChange={set('temperature')} error={fieldErrors.max_temperature_c} />
        <SelectField label="Severity" name="severity" options={SEVERITY_OPTIONS} value={values.severity} onChange={(e) => set('severity')(e.target.value)} error={fieldErrors.severity} />
        <VisitSelect child={child} value={values.visit_id} onChange={set('visit_id')} error={fieldErrors.visit_id} />
      </div>
      <TextArea label="Symptoms" name="symptoms" value={values.symptoms} onChange={(e) => set('symptoms')(e.target.value)} error={fieldErrors.symptoms} />
      <TextArea label="Notes" name="notes" value={values.notes} onChange={(e) => set('notes')(e.target.value)} error={fieldErrors.notes} />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        {record ? 'Save illness' : 'Add illness'}
      </SubmitButton>
    </form>
  );
}
