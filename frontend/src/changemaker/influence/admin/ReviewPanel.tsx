import { useState } from 'react';
import type { Campaign, ReviewChoice } from '../../../api/influenceTypes';
import { TextArea } from '../../../shell/forms';

const REVIEW_LABELS = {
  pending: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Changes asked for',
} as const;

/** Where a submitted campaign is in review; admins decide here. */
export function ReviewPanel({
  campaign,
  admin,
  onDecide,
}: {
  campaign: Campaign;
  admin: boolean;
  onDecide(decision: ReviewChoice, note: string): Promise<void>;
}) {
  const [note, setNote] = useState(campaign.review_note);
  const status = campaign.review_status;
  if (!status) return null;
  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">Review: {REVIEW_LABELS[status]}</h2>
      <p className="muted">Submitted campaigns never send through the server: supporters write from their own email app.</p>
      {!admin && campaign.review_note && <p className="pre">{campaign.review_note}</p>}
      {admin && status === 'pending' && (
        <>
          <TextArea label="Note to the author" name="note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => void onDecide('approve', note)}>
              Approve and launch
            </button>
            <button type="button" onClick={() => void onDecide('reject', note)}>
              Ask for changes
            </button>
          </div>
        </>
      )}
    </section>
  );
}
