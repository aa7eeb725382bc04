import { useState, type FormEvent } from 'react';
import type { PublicCampaign, Representative, ResponseType } from '../../api/influenceTypes';
import { RESPONSE_TYPES } from '../../api/influenceTypes';
import { Field, FormError, Notice, SelectField, SubmitButton, TextArea } from '../../shell/forms';
import { useSubmit } from '../../shell/useSubmit';
import { collect, required } from '../../shell/validation';
import { findRepresentatives, useInfluence } from './hooks';
import { LEVEL_LABELS, RESPONSE_TYPE_LABELS } from './labels';

/**
 * Posting a representative's answer: the supporter finds their representatives
 * by postal code again (so the answer is attached to the right person), picks
 * one, and says what they answered. An admin approves it before it shows.
 */
export function ResponseForm({ campaign }: { campaign: PublicCampaign }) {
  const api = useInfluence();
  const [open, setOpen] = useState(false);
  const [postalCode, setPostalCode] = useState('');
  const [reps, setReps] = useState<Representative[] | null>(null);
  const [rep, setRep] = useState('');
  const [type, setType] = useState<ResponseType>('email');
  const [text, setText] = useState('');
  const [signature, setSignature] = useState('');
  const [posted, setPosted] = useState(false);
  const submit = useSubmit(['postal_code', 'representative_id', 'response_type', 'text', 'submitter_name']);

  if (posted) return <Notice>Thank you! Your response will show once a moderator has read it.</Notice>;
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Share a response you received
      </button>
    );
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reps) {
      await findRepresentatives(submit, api, campaign.slug, postalCode, (found) => {
        setReps(found.representatives);
        setRep(found.representatives[0]?.id ?? '');
      });
      return;
    }
    const problems = collect({
      representative_id: required(rep, 'Choose who answered'),
      text: required(text, 'Say what they answered'),
    });
    await submit.run(async () => {
      await api.postResponse(campaign.slug, { representative_id: rep, response_type: type, text, submitter_name: signature });
      setPosted(true);
    }, problems);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="card response-form">
      <h3>Share a response</h3>
      {!reps ? (
        <Field
          label="Your postal code"
          name="postal_code"
          value={postalCode}
          onChange={(e) => setPostalCode(e.target.value)}
          error={submit.fieldErrors.postal_code}
          autoComplete="postal-code"
        />
      ) : (
        <>
          <SelectField
            label="Who answered"
            name="representative_id"
            value={rep}
            onChange={(e) => setRep(e.target.value)}
            error={submit.fieldErrors.representative_id}
            options={reps.map((r) => ({ value: r.id, label: `${r.name} (${LEVEL_LABELS[r.level]})` }))}
          />
          <SelectField
            label="How"
            name="response_type"
            value={type}
            onChange={(e) => setType(e.target.value as ResponseType)}
            options={RESPONSE_TYPES.map((t) => ({ value: t, label: RESPONSE_TYPE_LABELS[t] }))}
          />
          <TextArea
            label="What they answered"
            name="text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={submit.fieldErrors.text}
            rows={5}
            maxLength={5000}
          />
          <Field
            label="Sign it as (optional)"
            name="submitter_name"
            value={signature}
            onChange={(e) => setSignature(e.target.value)}
            error={submit.fieldErrors.submitter_name}
            maxLength={100}
          />
        </>
      )}
      <FormError message={submit.error} />
      <SubmitButton pending={submit.pending} pendingLabel="Sending…">
        {reps ? 'Post the response' : 'Find my representatives'}
      </SubmitButton>
    </form>
  );
}
