import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage, ApiError } from '../../../api/errors';
import { Field, FormError, Loading, Notice, SubmitButton, TextArea } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { useSubmit } from '../../../shell/useSubmit';
import { usePagesApi } from '../api';
import type { TemplatePreview, TemplateSource } from '../types';
import { offsetOf, positionOf } from './position';
import { CATEGORY_LABELS } from './TemplatesList';
import { VersionHistory } from './VersionHistory';

/** The text being edited: every part present. */
type Source = Required<TemplateSource>;
type Part = keyof Source;
const PARTS: Part[] = ['subject', 'body_text', 'body_html'];
const FIELDS = [...PARTS, 'note'];

/** A validator message, with a button that puts the cursor where the problem is. */
function Problem({ part, message, source, form }: { part: Part; message: string; source: Source; form: HTMLFormElement | null }) {
  const position = positionOf(message);
  if (!position) return null;
  const show = () => {
    const control = form?.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${part}"]`);
    if (!control) return;
    const at = offsetOf(source[part], position);
    control.focus();
    control.setSelectionRange(at, at);
  };
  return (
    <button type="button" className="link-button" onClick={show}>
      Go to line {position.line}, column {position.column}
    </button>
  );
}

/** The template editor: its text with live validation and preview, saves, a test email, the history. */
export function TemplateEditor() {
  const { id = '' } = useParams();
  const api = usePagesApi();
  const template = useLoad(() => api.template(id), [api, id]);
  const [source, setSource] = useState<Source | null>(null);
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const focused = useRef<Part>('body_text');
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSubmit(FIELDS);
  const test = useSubmit([]);
  usePageTitle(template.data ? `Email template: ${template.data.name}` : 'Email template');

  const current = template.data?.current;
  useEffect(() => {
    if (current) setSource({ subject: current.subject, body_text: current.body_text, body_html: current.body_html });
  }, [current]);

  // Checks and renders the text as one types, a moment after the last key.
  useEffect(() => {
    if (!source) return;
    let stale = false;
    const timer = setTimeout(() => {
      api.preview(id, source).then(
        (result) => {
          if (stale) return;
          setPreview(result);
          setProblems({});
        },
        (caught: unknown) => {
          if (stale) return;
          setProblems(caught instanceof ApiError && caught.status === 422 ? caught.fieldErrors : { form: errorMessage(caught) });
        },
      );
    }, 400);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, id, source]);

  if (!template.data || !source || !current) return template.error ? <FormError message={template.data ? null : template.error} /> : <Loading />;
  const t = template.data;
  const readOnly = !t.editable;

  const insert = (name: string) => {
    const part = focused.current;
    const control = formRef.current?.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${part}"]`);
    const text = source[part];
    const at = control?.selectionStart ?? text.length;
    setSource({ ...source, [part]: `${text.slice(0, at)}{{${name}}}${text.slice(at)}` });
  };

  async function onSave(event: FormEvent) {
    event.preventDefault();
    if (!source || !current) return;
    const ok = await submit.run(async () => {
      const saved = await api.saveVersion(id, { ...source, note, base_version: current.version });
      setNotice(`Saved as version ${saved.version}.`);
      setNote('');
    });
    if (ok) {
      template.reload();
      setHistoryKey((k) => k + 1);
    }
  }

  async function onTest() {
    await test.run(async () => {
      const sent = await api.sendTest(id);
      setNotice(`A test of version ${sent.version} is on its way to ${sent.to}.`);
    });
  }

  const messageFor = (part: string) => submit.fieldErrors[part] ?? problems[part];
  return (
    <section>
      <p className="crumbs">
        <Link to="/changemaker/templates">Email templates</Link> · {CATEGORY_LABELS[t.category]}
      </p>
      <h1>{t.name}</h1>
      <p className="muted">{t.description}</p>
      {readOnly && <Notice>Only a super admin changes the platform’s own emails; you may preview them and send yourself a test.</Notice>}
      {notice && <Notice>{notice}</Notice>}
      <div className="editor">
        <form ref={formRef} onSubmit={onSave} noValidate aria-label="Template">
          <FormError message={submit.error ?? problems.form ?? null} />
          <p className="hint">Version {current.version}. Click a variable to insert it where the cursor is:</p>
          <ul className="variables" aria-label="Variables">
            {t.variables.map((v) => (
              <li key={v.name}>
                <button type="button" title={v.description} onClick={() => insert(v.name)} disabled={readOnly}>
                  {`{{${v.name}}}`}
                </button>
              </li>
            ))}
          </ul>
          <p className="hint">
            Show a part only when a variable is set: <code>{'{{#if NAME}}…{{else}}…{{/if}}'}</code>
          </p>
          {PARTS.map((part) => {
            const common = {
              name: part,
              value: source[part],
              disabled: readOnly,
              error: messageFor(part),
              onFocus: () => (focused.current = part),
              onChange: (e: { target: { value: string } }) => setSource({ ...source, [part]: e.target.value }),
            };
            return (
              <div key={part}>
                {part === 'subject' ? (
                  <Field label="Subject" {...common} />
                ) : (
                  <TextArea
                    label={part === 'body_text' ? 'Text' : 'HTML (optional)'}
                    hint={part === 'body_html' ? 'Empty: made from the text. Values are escaped; quote attribute values.' : undefined}
                    rows={10}
                    className="code"
                    {...common}
                  />
                )}
                {messageFor(part) && <Problem part={part} message={messageFor(part) ?? ''} source={source} form={formRef.current} />}
              </div>
            );
          })}
          {!readOnly && (
            <>
              <Field label="What changed (for the history)" name="note" value={note} onChange={(e) => setNote(e.target.value)} error={submit.fieldErrors.note} />
              <p className="actions">
                <SubmitButton pending={submit.pending} pendingLabel="Saving…">
                  Save as a new version
                </SubmitButton>
              </p>
            </>
          )}
          <p className="actions">
            <button type="button" onClick={onTest} disabled={test.pending}>
              {test.pending ? 'Sending…' : 'Send me a test email'}
            </button>
          </p>
          <FormError message={test.error} />
        </form>
        <aside className="editor-preview" aria-label="Preview">
          <h2>Preview, with sample values</h2>
          {preview ? (
            <>
              <p>
                <strong>Subject:</strong> {preview.rendered.subject}
              </p>
              <pre className="code" style={{ whiteSpace: 'pre-wrap' }}>
                {preview.rendered.text}
              </pre>
              <iframe className="email-preview" title="HTML preview" sandbox="" srcDoc={preview.rendered.html} />
            </>
          ) : (
            <Loading label="Rendering…" />
          )}
        </aside>
      </div>
      <VersionHistory key={historyKey} templateId={id} current={current.version} editable={!readOnly} onRestored={() => {
        template.reload();
        setHistoryKey((k) => k + 1);
      }} />
    </section>
  );
}
