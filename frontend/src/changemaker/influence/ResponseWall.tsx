import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { Level, PublicCampaign, PublicResponse, WallOrder } from '../../api/influenceTypes';
import { LEVELS } from '../../api/influenceTypes';
import { FormError, Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useInfluence } from './hooks';
import { LEVEL_LABELS, RESPONSE_TYPE_LABELS } from './labels';
import { Pager } from './Pager';
import { ResponseForm } from './ResponseForm';

const ORDERS: { value: WallOrder; label: string }[] = [
  { value: 'recent', label: 'Recent' },
  { value: 'upvotes', label: 'Most upvoted' },
  { value: 'verified', label: 'Verified' },
];

/** The campaign's wall: approved responses, sorted and filtered, and the form to post one. */
export function ResponseWall({ campaign }: { campaign: PublicCampaign }) {
  const api = useInfluence();
  const [sort, setSort] = useState<WallOrder>('recent');
  const [level, setLevel] = useState<Level | undefined>(undefined);
  const [page, setPage] = useState(1);
  const load = useLoad(() => api.wall(campaign.slug, { sort, level, page }), [api, campaign.slug, sort, level, page]);

  return (
    <section className="response-wall" aria-labelledby="wall-heading">
      <h2 id="wall-heading">What representatives answered</h2>
      <div className="filters" role="group" aria-label="Order">
        {ORDERS.map((order) => (
          <button key={order.value} type="button" aria-pressed={sort === order.value} onClick={() => { setSort(order.value); setPage(1); }}>
            {order.label}
          </button>
        ))}
      </div>
      <div className="filters" role="group" aria-label="Level">
        <button type="button" aria-pressed={level === undefined} onClick={() => { setLevel(undefined); setPage(1); }}>
          All levels
        </button>
        {campaign.target_levels
          .filter((l) => LEVELS.includes(l))
          .map((l) => (
            <button key={l} type="button" aria-pressed={level === l} onClick={() => { setLevel(l); setPage(1); }}>
              {LEVEL_LABELS[l]}
            </button>
          ))}
      </div>
      {load.loading && <Loading label="Loading responses…" />}
      <FormError message={load.error} />
      {load.data && load.data.data.length === 0 && <p className="muted">No response yet.</p>}
      <ul className="responses">
        {load.data?.data.map((response) => (
          <ResponseCard key={response.id} response={response} />
        ))}
      </ul>
      {load.data && <Pager meta={load.data.meta} onPage={setPage} />}
      <ResponseForm campaign={campaign} />
    </section>
  );
}

function ResponseCard({ response }: { response: PublicResponse }) {
  const api = useInfluence();
  const [upvotes, setUpvotes] = useState(response.upvotes);
  const [voted, setVoted] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function upvote() {
    setError(null);
    try {
      setUpvotes((await api.upvote(response.id)).upvotes);
      setVoted(true);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <li className="response">
      <p className="response-head">
        <strong>{response.representative_name}</strong>
        <span className="muted">
          {' '}
          · {LEVEL_LABELS[response.representative_level]} · {RESPONSE_TYPE_LABELS[response.response_type]}
        </span>
        {response.verified && <span className="badge badge-verified">Verified</span>}
      </p>
      <p className="pre">{response.text}</p>
      {response.screenshot_url && (
        <a href={response.screenshot_url} target="_blank" rel="noreferrer">
          See the screenshot
        </a>
      )}
      <p className="response-foot">
        {response.submitter_name && <span className="muted">Shared by {response.submitter_name} · </span>}
        <button type="button" onClick={upvote} disabled={voted} aria-pressed={voted}>
          ▲ Upvote <span className="visually-hidden">this response</span> ({upvotes})
        </button>
      </p>
      <FormError message={error} />
    </li>
  );
}
