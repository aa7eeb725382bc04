import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../api/errors';
import type { ModerationStatus, ResponseRecord } from '../../../api/influenceTypes';
import { MODERATION_STATUSES } from '../../../api/influenceTypes';
import { FormError, Loading, Notice } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { useInfluence } from '../hooks';
import { LEVEL_LABELS, MODERATION_LABELS, RESPONSE_TYPE_LABELS } from '../labels';
import { Pager } from '../Pager';

/** The response wall's moderation: the waiting ones first, approve, reject, correct, ask the representative. */
export function ModerationPage() {
  usePageTitle('Responses');
  const api = useInfluence();
  const [params] = useSearchParams();
  const campaignId = params.get('campaign') ?? undefined;
  const [status, setStatus] = useState<ModerationStatus>('pending');
  const [page, setPage] = useState(1);
  const load = useLoad(() => api.responses({ status, campaign_id: campaignId, page }), [api, status, campaignId, page]);
  return (
    <>
      <h1>Responses</h1>
      <div className="filters" role="group" aria-label="Status">
        {MODERATION_STATUSES.map((s) => (
          <button key={s} type="button" aria-pressed={status === s} onClick={() => { setStatus(s); setPage(1); }}>
            {MODERATION_LABELS[s]}
          </button>
        ))}
      </div>
      {load.loading && <Loading label="Loading responses…" />}
      <FormError message={load.error} />
      {load.data && load.data.data.length === 0 && <p className="muted">Nothing here.</p>}
      <ul className="responses">
        {load.data?.data.map((response) => (
          <ModeratedResponse key={response.id} response={response} onChanged={load.reload} />
        ))}
      </ul>
      {load.data && <Pager meta={load.data.meta} onPage={setPage} />}
    </>
  );
}

function ModeratedResponse({ response, onChanged }: { response: ResponseRecord; onChanged(): void }) {
  const api = useInfluence();
  const [text, setText] = useState(response.text);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function act(action: () => Promise<unknown>, done: string) {
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const edited = text !== response.text ? { text } : {};
  return (
    <li className="response card">
      <p className="response-head">
        <strong>{response.representative_name}</strong>
        <span className="muted">
          {' '}
          · {LEVEL_LABELS[response.representative_level]} · {RESPONSE_TYPE_LABELS[response.response_type]} · {response.campaign_title}
        </span>
        {response.verified && <span className="badge badge-verified">Verified</span>}
        {response.reported_at && <span className="badge">Reported by the representative</span>}
      </p>
      <label className="visually-hidden" htmlFor={`text-${response.id}`}>
        Response text
      </label>
      <textarea id={`text-${response.id}`} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      {response.submitter_name && <p className="muted">Shared by {response.submitter_name}</p>}
      {notice && <Notice>{notice}</Notice>}
      <FormError message={error} />
      <div className="actions">
        {response.status !== 'approved' && (
          <button type="button" className="primary" onClick={() => act(() => api.moderate(response.id, { status: 'approved', ...edited }), 'Approved.')}>
            Approve
          </button>
        )}
        {response.status !== 'rejected' && (
          <button type="button" onClick={() => act(() => api.moderate(response.id, { status: 'rejected', ...edited }), 'Rejected.')}>
            Reject
          </button>
        )}
        {text !== response.text && (
          <button type="button" onClick={() => act(() => api.moderate(response.id, { text }), 'Saved.')}>
            Save the correction
          </button>
        )}
        {!response.verified && !response.reported_at && (
          <button type="button" onClick={() => act(() => api.requestVerification(response.id), 'The representative was asked to confirm it.')}>
            {response.verification_email ? 'Ask the representative again' : 'Ask the representative to confirm'}
          </button>
        )}
      </div>
    </li>
  );
}
