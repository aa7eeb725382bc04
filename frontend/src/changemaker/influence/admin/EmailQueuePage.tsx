import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../../api/errors';
import type { EmailStatus, QueuedEmail } from '../../../api/influenceTypes';
import { FormError, Loading, Notice } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { useInfluence } from '../hooks';
import { EMAIL_STATUS_LABELS } from '../labels';
import { Pager } from '../Pager';
import { formatMoment } from '../../../trajectory/dates';

const STATUSES: (EmailStatus | undefined)[] = [undefined, 'queued', 'sent', 'failed', 'intent'];

/** Supporters' emails by campaign and status, each failure with its reason; failed ones sent again. */
export function EmailQueuePage() {
  usePageTitle('Email queue');
  const api = useInfluence();
  const [params] = useSearchParams();
  const campaignId = params.get('campaign') ?? undefined;
  const [status, setStatus] = useState<EmailStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useLoad(() => api.emails({ campaign_id: campaignId, status, page }), [api, campaignId, status, page]);

  async function retry(target: { campaign_id?: string; ids?: string[] }) {
    setNotice(null);
    setError(null);
    try {
      const { retried } = await api.retryEmails(target);
      setNotice(retried === 1 ? 'One email is queued again.' : `${retried} emails are queued again.`);
      load.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <>
      <div className="page-head">
        <h1>Email queue</h1>
        {campaignId && status === 'failed' && (
          <button type="button" onClick={() => retry({ campaign_id: campaignId })}>
            Send every failed email again
          </button>
        )}
      </div>
      <div className="filters" role="group" aria-label="Status">
        {STATUSES.map((s) => (
          <button key={s ?? 'all'} type="button" aria-pressed={status === s} onClick={() => { setStatus(s); setPage(1); }}>
            {s ? EMAIL_STATUS_LABELS[s] : 'All'}
          </button>
        ))}
      </div>
      {notice && <Notice>{notice}</Notice>}
      <FormError message={error ?? load.error} />
      {load.loading && <Loading label="Loading emails…" />}
      {load.data && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Campaign</th>
                  <th>To</th>
                  <th>From</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {load.data.data.map((email) => (
                  <EmailRow key={email.id} email={email} onRetry={() => retry({ ids: [email.id] })} />
                ))}
              </tbody>
            </table>
          </div>
          {load.data.data.length === 0 && <p className="muted">No email here.</p>}
          <Pager meta={load.data.meta} onPage={setPage} />
        </>
      )}
    </>
  );
}

function EmailRow({ email, onRetry }: { email: QueuedEmail; onRetry(): void }) {
  return (
    <tr>
      <td>{formatMoment(email.created_at)}</td>
      <td>{email.campaign_title}</td>
      <td>
        {email.recipient_name}
        <br />
        <span className="muted">{email.recipient_email}</span>
      </td>
      <td>
        {email.supporter_name || '—'}
        <br />
        <span className="muted">
          {email.supporter_email} {email.postal_code}
        </span>
      </td>
      <td>
        {EMAIL_STATUS_LABELS[email.status]}
        {email.error && <p className="field-error">{email.error}</p>}
        {email.status === 'failed' && (
          <button type="button" onClick={onRetry}>
            Send again
          </button>
        )}
      </td>
    </tr>
  );
}
