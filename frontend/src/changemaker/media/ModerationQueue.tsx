/** `/changemaker/media/comments`: the gallery's comments by status, oldest first, to approve, reject or delete. */
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { FormError, Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { formatMoment } from '../../trajectory/dates';
import { type CommentRecord, type CommentStatus, useMediaApi } from './api';

const STATUSES: [CommentStatus, string][] = [
  ['pending', 'Waiting'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
];

export function ModerationQueue() {
  usePageTitle('Comments to moderate');
  const api = useMediaApi();
  const [status, setStatus] = useState<CommentStatus>('pending');
  const queue = useLoad(() => api.comments({ status }), [api, status]);
  const [error, setError] = useState<string | null>(null);
  const act = (work: Promise<unknown>) =>
    work.then(
      () => {
        setError(null);
        queue.reload();
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  return (
    <section aria-labelledby="moderation-heading">
      <h1 id="moderation-heading">Comments</h1>
      <label>
        Show{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value as CommentStatus)}>
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <FormError message={error ?? queue.error} />
      {queue.loading && !queue.data && <Loading />}
      {queue.data && queue.data.data.length === 0 && <p className="muted">No comments here.</p>}
      <ul className="video-list">
        {queue.data?.data.map((comment) => (
          <QueuedComment key={comment.id} comment={comment} act={act} api={api} />
        ))}
      </ul>
    </section>
  );
}

function QueuedComment({ comment, act, api }: { comment: CommentRecord; act(work: Promise<unknown>): void; api: ReturnType<typeof useMediaApi> }) {
  const who = `${comment.author_name} on ${comment.video_title}`;
  return (
    <li className="card" data-comment={comment.id}>
      <p>
        <strong>{comment.author_name}</strong> on <em>{comment.video_title}</em> ·{' '}
        <time dateTime={comment.created_at}>{formatMoment(comment.created_at)}</time>
      </p>
      <p style={{ whiteSpace: 'pre-wrap' }}>{comment.body}</p>
      <p>
        {comment.status !== 'approved' && (
          <button type="button" aria-label={`Approve the comment of ${who}`} onClick={() => act(api.moderate(comment.id, 'approve'))}>
            Approve
          </button>
        )}{' '}
        {comment.status !== 'rejected' && (
          <button type="button" aria-label={`Reject the comment of ${who}`} onClick={() => act(api.moderate(comment.id, 'reject'))}>
            Reject
          </button>
        )}{' '}
        <button type="button" aria-label={`Delete the comment of ${who}`} onClick={() => act(api.removeComment(comment.id))}>
          Delete
        </button>
      </p>
    </li>
  );
}
