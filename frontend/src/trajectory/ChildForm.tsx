import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/errors';
import type { Child, ChildInput, Sex } from '../api/trajectoryTypes';
import { Field, FormError, SelectField, SubmitButton, TextArea } from '../shell/forms';
import { useRevealErrors } from '../shell/useRevealErrors';
import { collect } from '../shell/validation';
import { uploadAvatar } from './AvatarUpload';
import { today } from './dates';
import { useTrajectory, useUnits } from './hooks';
import { PhotoPicker } from './PhotoPicker';
import { StaleNotice } from './StaleNotice';
import { UnitField } from './UnitField';
import { UploadProgress } from './UploadProgress';
import { fromInput, toInput } from './units';
import { useSave } from './useSave';
import { childNotesProblem, dateOfBirthProblem, nameProblem, rangeProblem, requiredDate } from './validation';

const FIELDS = ['name', 'date_of_birth', 'sex', 'due_date', 'birth_weight_kg', 'birth_length_cm', 'notes'] as const;

const SEX_OPTIONS = [
  { value: '', label: 'Choose…' },
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
] as const;

/** What became of the photo chosen in the add form: saved, or why not. */
export type PhotoOutcome = { saved: true } | { saved: false; error: string };

interface ChildFormProps {
  familyId: string;
  /** The child to edit; absent to add one. */
  child?: Child;
  /** `photo` says what became of a photo chosen while adding. */
  onSaved(child: Child, photo?: PhotoOutcome): void;
  onReload?: () => void;
  /** Called as a save starts, so the page can clear the last action's message. */
  onSubmitting?: () => void;
}

/**
 * Add or edit a child. Weights and lengths are entered in the user's units and
 * sent in SI. Adding takes a photo too: it is uploaded once the child exists, and
 * a failed upload keeps the child (the caller says so).
 */
export function ChildForm({ familyId, child, onSaved, onReload, onSubmitting }: ChildFormProps) {
  const api = useTrajectory();
  const units = useUnits();
  const [values, setValues] = useState(() => ({
    name: child?.name ?? '',
    date_of_birth: child?.date_of_birth ?? '',
    sex: (child?.sex ?? '') as Sex | '',
    due_date: child?.due_date ?? '',
    birth_weight: toInput(units, 'weight', child?.birth_weight_kg),
    birth_length: toInput(units, 'length', child?.birth_length_cm),
    notes: child?.notes ?? '',
  }));
  const [photo, setPhoto] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const { pending, error, fieldErrors, run, stale } = useSave(FIELDS);
  const formRef = useRevealErrors(error, fieldErrors);
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    onSubmitting?.();
    const weight = fromInput(units, 'weight', values.birth_weight);
    const length = fromInput(units, 'length', values.birth_length);
    const problems = collect({
      name: nameProblem(values.name),
      date_of_birth: dateOfBirthProblem(values.date_of_birth),
      sex: values.sex ? null : 'Choose the sex at birth (the WHO growth charts depend on it)',
      due_date: values.due_date ? requiredDate(values.due_date) : null,
      birth_weight_kg: rangeProblem(weight, 0.2, 10, units, 'weight'),
      birth_length_cm: rangeProblem(length, 20, 70, units, 'length'),
      notes: childNotesProblem(values.notes),
    });
    const input: Omit<ChildInput, 'family_id'> = {
      name: values.name.trim(),
      date_of_birth: values.date_of_birth,
      sex: values.sex as Sex,
      due_date: values.due_date || null,
      birth_weight_kg: weight,
      birth_length_cm: length,
      notes: values.notes.trim(),
    };
    await run(async () => {
      if (child) {
        onSaved(await api.updateChild(child.id, input, child.updated_at));
        return;
      }
      const created = await api.createChild({ family_id: familyId, ...input });
      if (!photo) return onSaved(created);
      try {
        const withPhoto = await uploadAvatar(api, created.id, photo, (loaded, total) => setProgress({ loaded, total }));
        onSaved(withPhoto, { saved: true });
      } catch (caught) {
        onSaved(created, { saved: false, error: errorMessage(caught) });
      }
    }, problems);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      <StaleNotice stale={stale} onReload={onReload} />
      <Field label="Name" name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} error={fieldErrors.name} required />
      <div className="field-row">
        <Field
          label="Date of birth"
          name="date_of_birth"
          type="date"
          max={today()}
          value={values.date_of_birth}
          onChange={(e) => set('date_of_birth')(e.target.value)}
          error={fieldErrors.date_of_birth}
          required
        />
        <SelectField
          label="Sex at birth"
          name="sex"
          options={SEX_OPTIONS}
          value={values.sex}
          onChange={(e) => set('sex')(e.target.value)}
          error={fieldErrors.sex}
        />
      </div>
      <div className="field-row">
        <Field
          label="Due date"
          name="due_date"
          type="date"
          hint="Optional: for children born early."
          value={values.due_date}
          onChange={(e) => set('due_date')(e.target.value)}
          error={fieldErrors.due_date}
        />
        <UnitField label="Birth weight" name="birth_weight" quantity="weight" units={units} value={values.birth_weight} onChange={set('birth_weight')} error={fieldErrors.birth_weight_kg} />
        <UnitField label="Birth length" name="birth_length" quantity="length" units={units} value={values.birth_length} onChange={set('birth_length')} error={fieldErrors.birth_length_cm} />
      </div>
      <TextArea label="Notes" name="notes" value={values.notes} onChange={(e) => set('notes')(e.target.value)} error={fieldErrors.notes} />
      {!child && <PhotoPicker file={photo} onChange={setPhoto} />}
      {photo && progress && <UploadProgress name={photo.name} {...progress} />}
      <SubmitButton pending={pending} pendingLabel="Saving…">
        {child ? 'Save changes' : 'Add child'}
      </SubmitButton>
    </form>
  );
}
