import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { VerificationDone } from '../../api/influenceTypes';
import { FormError, Notice } from '../../shell/forms';
import { usePageTitle } from '../../shell/usePageTitle';
import { useSubmit } from '../../shell/useSubmit';
import { useInfluence } from './hooks';

/**
 * Where a representative's emailed link leads: they confirm the response is
 * theirs, or report it. Nothing happens until they press the button, so a
 * mail scanner that opens links confirms nothing.
 */
export function VerifyResponsePage() {
  usePageTitle('Your response');
  const api = useInfluence();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const report = params.get('action') === 'report';
  const [done, setDone] = useState<VerificationDone | null>(null);
  const submit = useSubmit([]);

  if (done) {
    return (
      <section>
        <h1>Thank you</h1>
        <Notice>
          {done.action === 'verify'
            ? 'The response now shows that you confirmed it.'
            : 'The response is taken down until the organisers review it.'}
        </Notice>
        <p>
          <Link to={`/campaigns/${done.campaign_slug}`}>See the campaign</Link>
        </p>
      </section>
    );
  }
  const answer = (action: 'verify' | 'report') =>
    void submit.run(async () => setDone(await api.answerVerification(token, action)));
  return (
    <section>
      <h1>{report ? 'Report this response' : 'Confirm your response'}</h1>
      <p>
        {report
          ? 'If the response posted on the campaign page is not yours, report it and it leaves the page.'
          : 'If the response posted on the campaign page is yours, confirm it: it will show a verified badge.'}
      </p>
      <FormError message={token ? submit.error : 'This link is incomplete.'} />
      <div className="actions">
        {report ? (
          <button type="button" className="primary danger" disabled={!token || submit.pending} onClick={() => answer('report')}>
            It is not mine: report it
          </button>
        ) : (
          <button type="button" className="primary" disabled={!token || submit.pending} onClick={() => answer('verify')}>
            Yes, it is mine
          </button>
        )}
      </div>
    </section>
  );
}
