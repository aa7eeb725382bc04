import { useState, type FormEvent } from 'react';
import type { LookupResult, PublicCampaign, SupporterRequest } from '../../api/influenceTypes';
import { emailProblem } from '../../auth/validation';
import { Field, FormError, SubmitButton, TextArea } from '../../shell/forms';
import { useRevealErrors } from '../../shell/useRevealErrors';
import { useSubmit } from '../../shell/useSubmit';
import { collect, required } from '../../shell/validation';
import { useInfluence } from './hooks';
import { preview } from './letter';
import { RepresentativeChoice } from './RepresentativeChoice';

/** What the supporter did, for the thank-you. */
export interface Written {
  names: string[];
  replyTo: string;
  /** The link that opens their mail program, when they chose it. */
  mailto: string | null;
}

const FIELDS = ['supporter_name', 'supporter_email', 'subject', 'body', 'representative_ids', 'postal_code'];

interface WriteStepProps {
  campaign: PublicCampaign;
  found: LookupResult;
  onChangePostalCode(): void;
  onWritten(written: Written): void;
}

/**
 * Step two: whom to write to, who is writing, and the message (editable when the
 * campaign allows), then "Send now" and, when offered, the supporter's own mail
 * program. The preview shows the letter the first chosen representative gets.
 */
export function WriteStep({ campaign, found, onChangePostalCode, onWritten }: WriteStepProps) {
  const api = useInfluence();
  const reachable = found.representatives.filter((r) => r.email);
  const [chosen, setChosen] = useState<string[]>(reachable.map((r) => r.id));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [subject, setSubject] = useState(campaign.email_subject);
  const [body, setBody] = useState(campaign.email_body);
  const submit = useSubmit(FIELDS);
  const formRef = useRevealErrors(submit.error, submit.fieldErrors);
  const first = found.representatives.find((r) => chosen.includes(r.id));
  const values = {
    REPRESENTATIVE_NAME: first?.name,
    REPRESENTATIVE_TITLE: first?.elected_office,
    REPRESENTATIVE_DISTRICT: first?.district,
    SUPPORTER_NAME: name.trim() || undefined,
    SUPPORTER_EMAIL: email.trim() || undefined,
    POSTAL_CODE: found.postal_code,
    CAMPAIGN_TITLE: campaign.title,
  };

  function request(): SupporterRequest {
    const edited = campaign.allow_editing ? { subject, body } : {};
    return {
      postal_code: found.postal_code,
      supporter_name: name,
      supporter_email: email,
      representative_ids: chosen,
      ...edited,
    };
  }

  async function write(how: 'send' | 'mailto') {
    const identified = how === 'send' || campaign.collect_supporter_info;
    const problems = collect({
      representative_ids: chosen.length === 0 ? 'Choose at least one representative' : null,
      supporter_name: identified ? required(name, 'Your name is required') : null,
      supporter_email: identified ? (required(email, 'Your email address is required') ?? emailProblem(email.trim())) : null,
      body: campaign.allow_editing ? required(body, 'The message is empty') : null,
    });
    await submit.run(async () => {
      if (how === 'send') {
        const sent = await api.send(campaign.slug, request());
        onWritten({ names: sent.emails.map((e) => e.recipient_name), replyTo: email.trim(), mailto: null });
      } else {
        const link = await api.mailto(campaign.slug, request());
        window.location.href = link.mailto;
        onWritten({ names: link.recipients.map((r) => r.name), replyTo: email.trim(), mailto: link.mailto });
      }
    }, problems);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void write(campaign.allow_server_send ? 'send' : 'mailto');
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="write-step">
      <p className="postal-line">
        Your representatives for <strong>{found.postal_code}</strong>{' '}
        <button type="button" className="link-button" onClick={onChangePostalCode}>
          Change
        </button>
      </p>
      <RepresentativeChoice
        representatives={found.representatives}
        chosen={chosen}
        onChange={setChosen}
        error={submit.fieldErrors.representative_ids}
      />
      <Field
        label="Your name"
        name="supporter_name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={submit.fieldErrors.supporter_name}
        autoComplete="name"
        maxLength={100}
      />
      <Field
        label="Your email"
        name="supporter_email"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={submit.fieldErrors.supporter_email}
        hint="Replies come to you: it is the reply-to address of your email."
        autoComplete="email"
        inputMode="email"
      />
      {campaign.allow_editing ? (
        <>
          <Field
            label="Subject"
            name="subject"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            error={submit.fieldErrors.subject}
            maxLength={200}
          />
          <TextArea
            label="Your message"
            name="body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            error={submit.fieldErrors.body}
            hint="Make it yours. Words in {{…}} are filled in for each representative."
            rows={10}
          />
        </>
      ) : null}
      <details className="letter-preview" open={!campaign.allow_editing}>
        <summary>{first ? `The email ${first.name} gets` : 'The email'}</summary>
        <p className="letter-subject">{preview(subject, values)}</p>
        <p className="pre">{preview(body, values)}</p>
      </details>
      <FormError message={submit.error} />
      <div className="actions write-actions">
        {campaign.allow_server_send && (
          <SubmitButton pending={submit.pending} pendingLabel="Sending…">
            Send now
          </SubmitButton>
        )}
        {campaign.allow_mailto && (
          <button
            type={campaign.allow_server_send ? 'button' : 'submit'}
            className={campaign.allow_server_send ? undefined : 'primary'}
            disabled={submit.pending}
            onClick={campaign.allow_server_send ? () => void write('mailto') : undefined}
          >
            Open in my email app
          </button>
        )}
      </div>
    </form>
  );
}
