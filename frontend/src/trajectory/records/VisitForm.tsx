import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { Child, Visit } from '../../api/trajectoryTypes';
import { VISIT_TYPES } from '../../api/trajectoryTypes';
import { Field, FormError, SelectField, SubmitButton, TextArea } from '../../shell/forms';
import { useRevealErrors } from '../../shell/useRevealErrors';
import { useTrajectory, useUnits } from '../hooks';
import { VISIT_LABELS } from '../labels';
import { StaleNotice } from '../StaleNotice';
import { useSave } from '../useSave';
import { emptyMeasurement, measurementPayload, measurementProblems, type MeasurementText } from './measurementModel';
import { MeasurementValues } from './MeasurementValues';
import { PrescriptionsEditor } from './PrescriptionsEditor';
import { VISIT_FIELDS, visitPayload, visitProblems, visitValues, type VisitValues } from './visitModel';
import { DentalFields, InjuryFields, SickFields, VisionFields } from './VisitTypeFields';

const TYPE_OPTIONS = VISIT_TYPES.map((t) => ({ value: t, label: VISIT_LABELS[t] }));
const MEASUREMENT_FIELDS = ['weight_kg', 'height_cm', 'head_circumference_cm'] as const;

export interface RecordFormProps<R> {
  child: Child;
  record?: R;
  onSaved(record: R): void;
  onReload?: () => void;
}

/**
 * A visit of any type; the type-specific fields follow the chosen type. A new
 * visit may carry the measurements taken at it, saved as a measurement linked to it.
 */
export function VisitForm({ child, record, onSaved, onReload }: RecordFormProps<Visit>) {
  const api = useTrajectory();
  const units = useUnits();
  const [values, setValues] = useState<VisitValues>(() => visitValues(record));
  const [measured, setMeasured] = useState<MeasurementText>(emptyMeasurement);
  const { pending, error, fieldErrors, run, stale } = useSave([...VISIT_FIELDS, ...MEASUREMENT_FIELDS]);
  const formRef = useRevealErrors(error, fieldErrors);
  const set = <K extends keyof VisitValues>(name: K, value: VisitValues[K]) => setValues((v) => ({ ...v, [name]: value }));
  const withMeasurement = !record && Object.values(measured).some((t) => t.trim());

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = visitProblems(values, child.date_of_birth);
    const measurement = measurementPayload(units, { ...measured, measured_on: values.visit_date, notes: '' });
    if (withMeasurement) {
      const { measured_on: _ignored, ...measurementErrors } = measurementProblems(measurement, child.date_of_birth, units);
      Object.assign(problems, measurementErrors);
    }
    await run(async () => {
      const payload = visitPayload(values);
      const visit = record
        ? await api.updateRecord('visits', record, payload)
        : await api.createRecord(child.id, 'visits', payload);
      if (withMeasurement) {
        try {
          await api.createRecord(child.id, 'measurements', { ...measurement, visit_id: visit.id });
        } catch (caught) {
          const detail = caught instanceof ApiError ? Object.values(caught.fieldErrors).join(' ') : '';
          throw new Error(`The visit was saved, but its measurement was not: ${detail || errorMessage(caught)}`);
        }
      }
      onSaved(visit);
    }, problems);
  }

  const typeProps = { values, set, errors: fieldErrors };
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      <StaleNotice stale={stale} onReload={onReload} />
      <div className="field-row">
        <SelectField label="Type of visit" name="type" options={TYPE_OPTIONS} value={values.type} onChange={(e) => set('type', e.target.value as VisitValues['type'])} error={fieldErrors.type} />
        <Field label="Date" name="visit_date" type="date" value={values.visit_date} onChange={(e) => set('visit_date', e.target.value)} error={fieldErrors.visit_date} hint="A future date makes it an appointment." required />
        <Field label="Time" name="visit_time" type="time" value={values.visit_time} onChange={(e) => set('visit_time', e.target.value)} error={fieldErrors.visit_time} />
      </div>
      <Field label="Title" name="title" value={values.title} onChange={(e) => set('title', e.target.value)} error={fieldErrors.title} />
      <div className="field-row">
        <Field label="Provider" name="provider" value={values.provider} onChange={(e) => set('provider', e.target.value)} error={fieldErrors.provider} />
        <Field label="Location" name="location" value={values.location} onChange={(e) => set('location', e.target.value)} error={fieldErrors.location} />
      </div>
      {values.type === 'sick' && <SickFields {...typeProps} />}
      {values.type === 'injury' && <InjuryFields {...typeProps} />}
      {values.type === 'vision' && <VisionFields {...typeProps} />}
      {values.type === 'dental' && <DentalFields {...typeProps} />}
      <Field label="Vaccines given" name="vaccines" hint="Separate several with commas." value={values.vaccines} onChange={(e) => set('vaccines', e.target.value)} error={fieldErrors.vaccines} />
      <PrescriptionsEditor value={values.prescriptions} onChange={(v) => set('prescriptions', v)} error={fieldErrors.prescriptions} />
      <Field label="Tags" name="tags" hint="Separate several with commas." value={values.tags} onChange={(e) => set('tags', e.target.value)} error={fieldErrors.tags} />
      <TextArea label="Notes" name="notes" value={values.notes} onChange={(e) => set('notes', e.target.value)} error={fieldErrors.notes} />
      {!record && (
        <fieldset className="choices">
          <legend>Measurements taken at this visit</legend>
          <p className="hint">Optional. Saved as a measurement on the visit&apos;s date.</p>
          <MeasurementValues units={units} values={measured} onChange={setMeasured} errors={fieldErrors} />
        </fieldset>
      )}
      <SubmitButton pending={pending} pendingLabel="Saving…">
        {record ? 'Save visit' : 'Add visit'}
      </SubmitButton>
    </form>
  );
}
