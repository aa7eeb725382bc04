import { useState, type FormEvent } from 'react';
import type { Campaign, CampaignFields, Level } from '../../../api/influenceTypes';
import { LEVELS } from '../../../api/influenceTypes';
import { Checkbox, CheckboxGroup, Field, FormError, SubmitButton, TextArea } from '../../../shell/forms';
import { useRevealErrors } from '../../../shell/useRevealErrors';
import { useSubmit } from '../../../shell/useSubmit';
import { collect, required } from '../../../shell/validation';
import { LEVEL_LABELS } from '../labels';

/** The variables a campaign's message may use (`influence::letter::VARIABLES`). */
export const VARIABLES = [
  'REPRESENTATIVE_NAME',
  'REPRESENTATIVE_TITLE',
  'REPRESENTATIVE_DISTRICT',
  'SUPPORTER_NAME',
  'SUPPORTER_EMAIL',
  'POSTAL_CODE',
  'CAMPAIGN_TITLE',
];

type Flag = 'allow_server_send' | 'allow_mailto' | 'collect_supporter_info' | 'allow_editing' | 'show_email_count' | 'show_response_wall' | 'featured';

const FLAGS: { flag: Flag; label: string; admin?: boolean }[] = [
  { flag: 'allow_server_send', label: 'Supporters can have the server send their email ("Send now")', admin: true },
  { flag: 'allow_mailto', label: 'Supporters can open the message in their own email app' },
  { flag: 'collect_supporter_info', label: 'Ask for name and email even for the email app' },
  { flag: 'allow_editing', label: 'Supporters may edit the message' },
  { flag: 'show_email_count', label: 'Show how many emails were written' },
  { flag: 'show_response_wall', label: 'Show the wall of responses' },
  { flag: 'featured', label: 'Feature it at the top of the campaign list', admin: true },
];

const FIELD_NAMES = ['title', 'description', 'email_subject', 'email_body', 'call_to_action', 'target_levels', ...FLAGS.map((f) => f.flag)];

/** A new campaign's starting point. */
export function emptyFields(): Required<CampaignFields> {
  return {
    title: '',
    description: '',
    email_subject: '',
    email_body: 'Dear {{REPRESENTATIVE_TITLE}} {{REPRESENTATIVE_NAME}},\n\n\n\nSincerely,\n{{SUPPORTER_NAME}}\n{{POSTAL_CODE}}',
    call_to_action: '',
    target_levels: ['federal', 'provincial', 'municipal'],
    allow_server_send: false,
    allow_mailto: true,
    collect_supporter_info: true,
    allow_editing: false,
    show_email_count: true,
    show_response_wall: false,
    featured: false,
  };
}

/** A campaign's fields, to edit. */
export function fieldsOf(campaign: Campaign): Required<CampaignFields> {
  const { title, description, email_subject, email_body, call_to_action, target_levels } = campaign;
  const flags = Object.fromEntries(FLAGS.map(({ flag }) => [flag, campaign[flag]])) as Record<Flag, boolean>;
  return { title, description, email_subject, email_body, call_to_action, target_levels, ...flags };
}

interface CampaignFormProps {
  initial: Required<CampaignFields>;
  /** A user's submission: no server sending, no featuring. */
  submission?: boolean;
  submitLabel: string;
  onSave(fields: Required<CampaignFields>): Promise<void>;
}

/** Writing a campaign: what it says, the message supporters send, whom it targets, and how. */
export function CampaignForm({ initial, submission = false, submitLabel, onSave }: CampaignFormProps) {
  const [fields, setFields] = useState(initial);
  const submit = useSubmit(FIELD_NAMES);
  const formRef = useRevealErrors(submit.error, submit.fieldErrors);
  const set = <K extends keyof CampaignFields>(key: K, value: Required<CampaignFields>[K]) => setFields((f) => ({ ...f, [key]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = collect({
      title: required(fields.title, 'A title is required'),
      email_subject: required(fields.email_subject, 'A subject is required'),
      email_body: required(fields.email_body, 'A message is required'),
      target_levels: fields.target_levels.length === 0 ? 'Choose at least one level of government' : null,
    });
    void submit.run(() => onSave(fields), problems);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="card form-card">
      <Field label="Title" name="title" value={fields.title} onChange={(e) => set('title', e.target.value)} error={submit.fieldErrors.title} maxLength={200} />
      <TextArea label="Description" name="description" value={fields.description} onChange={(e) => set('description', e.target.value)} error={submit.fieldErrors.description} rows={4} />
      <Field
        label="Call to action"
        name="call_to_action"
        value={fields.call_to_action}
        onChange={(e) => set('call_to_action', e.target.value)}
        error={submit.fieldErrors.call_to_action}
        hint="The heading above the supporter's form, e.g. “Tell council to keep the park”."
      />
      <Field label="Email subject" name="email_subject" value={fields.email_subject} onChange={(e) => set('email_subject', e.target.value)} error={submit.fieldErrors.email_subject} maxLength={200} />
      <TextArea
        label="Email message"
        name="email_body"
        value={fields.email_body}
        onChange={(e) => set('email_body', e.target.value)}
        error={submit.fieldErrors.email_body}
        rows={12}
        hint={
          <>
            Variables: {VARIABLES.map((v) => `{{${v}}}`).join(', ')}. Blocks: {'{{#if SUPPORTER_NAME}}…{{/if}}'}.
          </>
        }
      />
      <CheckboxGroup<Level>
        legend="Levels of government"
        name="target_levels"
        options={LEVELS}
        labels={LEVEL_LABELS}
        value={fields.target_levels}
        onChange={(value) => set('target_levels', value)}
        error={submit.fieldErrors.target_levels}
      />
      <fieldset className="choices">
        <legend>Options</legend>
        {FLAGS.filter((f) => !(submission && f.admin)).map(({ flag, label }) => (
          <Checkbox key={flag} label={label} checked={fields[flag]} onChange={(checked) => set(flag, checked)} />
        ))}
        {FLAGS.map(({ flag }) => submit.fieldErrors[flag] && <p key={flag} className="field-error">{submit.fieldErrors[flag]}</p>)}
      </fieldset>
      <FormError message={submit.error} />
      <SubmitButton pending={submit.pending} pendingLabel="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
