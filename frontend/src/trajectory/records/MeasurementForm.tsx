import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Measurement } from '../../api/trajectoryTypes';
import { Field, FormError, SubmitButton, TextArea } from '../../shell/forms';
import { useRevealErrors } from '../../shell/useRevealErrors';
import { today } from '../dates';
import { useTrajectory, useUnits } from '../hooks';
import { StaleNotice } from '../StaleNotice';
import { toInput } from '../units';
import { useSave } from '../useSave';
import { measurementPayload, measurementProblems, type MeasurementText } from './measurementModel';
import { MeasurementValues } from './MeasurementValues';
import type { RecordFormProps } from './VisitForm';
import { VisitSelect } from './VisitSelect';

const FIELDS = ['measured_on', 'weight_kg', 'height_cm', 'head_circumference_cm', 'visit_id', 'notes'] as const;

/** Weight, height and head circumference on one day; the server adds the WHO percentiles. */
export function MeasurementForm({ child, record, onSaved, onReload }: RecordFormProps<Measurement>) {
  const api = useTrajectory();
  const units = useUnits();
  const [params] = useSearchParams();
  const [measuredOn, setMeasuredOn] = useState(record?.measured_on ?? params.get('date') ?? today());
  const [visitId, setVisitId] = useState(record?.visit_id ?? params.get('visit_id') ?? '');
  const [notes, setNotes] = useState(record?.notes ?? '');
  const [values, setValues] = useState<MeasurementText>(() => ({
    weight: toInput(units, 'weight', record?.weight_kg),
    height: toInput(units, 'length', record?.height_cm),
    head: toInput(units, 'length', record?.head_circumference_cm),
  }));
  const { pending, error, fieldErrors, run, stale } = useSave(FIELDS);
  const formRef = useRevealErrors(error, fieldErrors);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const payload = measurementPayload(units, { ...values, measured_on: measuredOn, notes, visit_id: visitId });
    await run(async () => {
      onSaved(
        record
          ? await api.updateRecord('measurements', record, payload)
          : await api.createRecord(child.id, 'measurements', payload),
      );
    }, measurementProblems(payload, child.date_of_birth, units));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      <StaleNotice stale={stale} onReload={onReload} />
      <div className="field-row">
        <Field label="Date measured" name="measured_on" type="date" max={today()} value={measuredOn} onChange={(e) => setMeasuredOn(e.target.value)} error={fieldErrors.measured_on} required />
        <VisitSelect child={child} value={visitId} onChange={setVisitId} error={fieldErrors.visit_id} />
      </div>
      <MeasurementValues units={units} values={values} onChange={setValues} errors={fieldErrors} />
      <TextArea label="Notes" name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} error={fieldErrors.notes} />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        {record ? 'Save measurement' : 'Add measurement'}
      </SubmitButton>
    </form>
  );
}
