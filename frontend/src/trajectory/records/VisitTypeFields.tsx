import type { FieldErrors } from '../../api/errors';
import type { EyeRefraction, IllnessType } from '../../api/trajectoryTypes';
import { ILLNESS_TYPES } from '../../api/trajectoryTypes';
import { Checkbox, CheckboxGroup, Field, TextArea } from '../../shell/forms';
import { ILLNESS_LABELS } from '../labels';

/** The form's text for the type-specific fields of a visit. */
export interface VisitExtras {
  illness_types: IllnessType[];
  symptoms: string;
  injury_type: string;
  injury_location: string;
  treatment: string;
  right_eye: EyeText;
  left_eye: EyeText;
  glasses_ordered: boolean;
  contacts_ordered: boolean;
  procedures: string;
  cleaning: boolean;
  cavities_found: string;
  cavities_filled: string;
  xrays: boolean;
  fluoride: boolean;
  sealants: boolean;
}

export type EyeText = Record<keyof EyeRefraction, string>;

interface Props {
  values: VisitExtras;
  set<K extends keyof VisitExtras>(name: K, value: VisitExtras[K]): void;
  errors: FieldErrors;
}

export function SickFields({ values, set, errors }: Props) {
  return (
    <>
      <CheckboxGroup
        legend="Illness types"
        name="illness_types"
        options={ILLNESS_TYPES}
        labels={ILLNESS_LABELS}
        value={values.illness_types}
        onChange={(v) => set('illness_types', v)}
        error={errors.illness_types}
      />
      <TextArea label="Symptoms" name="symptoms" value={values.symptoms} onChange={(e) => set('symptoms', e.target.value)} error={errors.symptoms} />
    </>
  );
}

export function InjuryFields({ values, set, errors }: Props) {
  return (
    <div className="field-row">
      <Field label="Injury" name="injury_type" hint="E.g. sprain, cut, burn." value={values.injury_type} onChange={(e) => set('injury_type', e.target.value)} error={errors.injury_type} />
      <Field label="Where on the body" name="injury_location" value={values.injury_location} onChange={(e) => set('injury_location', e.target.value)} error={errors.injury_location} />
      <Field label="Treatment" name="treatment" value={values.treatment} onChange={(e) => set('treatment', e.target.value)} error={errors.treatment} />
    </div>
  );
}

function EyeFields({ eye, label, value, onChange, errors }: { eye: 'right_eye' | 'left_eye'; label: string; value: EyeText; onChange(v: EyeText): void; errors: FieldErrors }) {
  const part = (key: keyof EyeRefraction, text: string) => (
    <Field
      label={`${label}: ${text}`}
      name={`vision.${eye}.${key}`}
      inputMode="decimal"
      value={value[key]}
      onChange={(e) => onChange({ ...value, [key]: e.target.value })}
      error={errors[`vision.${eye}.${key}`]}
    />
  );
  return (
    <div className="field-row">
      {part('sphere', 'sphere')}
      {part('cylinder', 'cylinder')}
      {part('axis', 'axis')}
    </div>
  );
}

export function VisionFields({ values, set, errors }: Props) {
  return (
    <fieldset className="choices" aria-describedby={errors.vision ? 'vision-error' : undefined}>
      <legend>Refraction</legend>
      <EyeFields eye="right_eye" label="Right eye" value={values.right_eye} onChange={(v) => set('right_eye', v)} errors={errors} />
      <EyeFields eye="left_eye" label="Left eye" value={values.left_eye} onChange={(v) => set('left_eye', v)} errors={errors} />
      <Checkbox label="Glasses ordered" checked={values.glasses_ordered} onChange={(v) => set('glasses_ordered', v)} />
      <Checkbox label="Contact lenses ordered" checked={values.contacts_ordered} onChange={(v) => set('contacts_ordered', v)} />
      {errors.vision && (
        <p id="vision-error" className="field-error">
          {errors.vision}
        </p>
      )}
    </fieldset>
  );
}

export function DentalFields({ values, set, errors }: Props) {
  return (
    <fieldset className="choices">
      <legend>Dental</legend>
      <Field label="Procedures" name="procedures" hint="Separate several with commas." value={values.procedures} onChange={(e) => set('procedures', e.target.value)} error={errors['dental.procedures'] ?? errors.dental} />
      <div className="field-row">
        <Field label="Cavities found" name="cavities_found" inputMode="numeric" value={values.cavities_found} onChange={(e) => set('cavities_found', e.target.value)} error={errors['dental.cavities_found']} />
        <Field label="Cavities filled" name="cavities_filled" inputMode="numeric" value={values.cavities_filled} onChange={(e) => set('cavities_filled', e.target.value)} error={errors['dental.cavities_filled']} />
      </div>
      <Checkbox label="Cleaning" checked={values.cleaning} onChange={(v) => set('cleaning', v)} />
      <Checkbox label="X-rays" checked={values.xrays} onChange={(v) => set('xrays', v)} />
      <Checkbox label="Fluoride" checked={values.fluoride} onChange={(v) => set('fluoride', v)} />
      <Checkbox label="Sealants" checked={values.sealants} onChange={(v) => set('sealants', v)} />
    </fieldset>
  );
}
