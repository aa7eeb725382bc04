import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors';
import { Field, FormError, Notice, SubmitButton, TextArea } from '../../shell/forms';
import { useRevealErrors } from '../../shell/useRevealErrors';
import { useSubmit } from '../../shell/useSubmit';
import { usePagesApi } from './api';
import type { BlockOf } from './types';

const FIELDS = ['name', 'email', 'message'] as const;

/** A page's contact form: name, email and message, sent to the page's recipient. */
export function ContactForm({ block, slug, preview }: { block: BlockOf<'contact_form'>; slug?: string; preview?: boolean }) {
  const api = usePagesApi();
  const submit = useSubmit(FIELDS);
  const ref = useRevealErrors(submit.error, submit.fieldErrors);
  const [sent, setSent] = useState(false);
  const [form, setForm] = useState({ name: '', email: '', message: '', website: '' });
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (preview || !slug) return;
    const ok = await submit.run(async () => {
      try {
        await api.sendContact(slug, form);
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 429) {
          throw new Error('You have sent several messages already: please try again in a few minutes.');
        }
        throw caught;
      }
    });
    if (ok) setSent(true);
  }

  if (sent) return <Notice>Thank you: your message was sent.</Notice>;
  return (
    <form ref={ref} onSubmit={onSubmit} noValidate className="lp-form">
      {block.heading && <h2>{block.heading}</h2>}
      {block.intro && <p>{block.intro}</p>}
      <FormError message={submit.error} />
      <Field label="Your name" name="name" autoComplete="name" value={form.name} onChange={set('name')} error={submit.fieldErrors.name} required />
      <Field label="Your email" name="email" type="email" autoComplete="email" value={form.email} onChange={set('email')} error={submit.fieldErrors.email} required />
      <TextArea label="Message" name="message" rows={5} value={form.message} onChange={set('message')} error={submit.fieldErrors.message} required />
      {/* People never see this field; bots that fill every field are thanked and ignored. */}
      <div className="visually-hidden" aria-hidden="true">
        <label>
          Website
          <input name="website" tabIndex={-1} autoComplete="off" value={form.website} onChange={set('website')} />
        </label>
      </div>
      <SubmitButton pending={submit.pending} pendingLabel="Sending…">
        {block.button_label || 'Send'}
      </SubmitButton>
      {preview && <p className="hint">Preview: messages are sent from the published page.</p>}
    </form>
  );
}
