/**
 * What viewers leave on a video in the gallery: an upvote (anyone, once) and
 * comments (signed-in accounts but TEMP ones; each waits for a moderator, and
 * its author sees it marked so until then).
 */
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/AuthContext';
import { FormError, Loading, Notice, SubmitButton, TextArea } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { formatMoment } from '../../trajectory/dates';
import { canComment } from './access';
import type { Comment, MediaApi } from './api';

/** The longest comment, as the server counts it (characters, once trimmed). */
export const MAX_COMMENT = 2000;

/** Why a comment cannot be sent as typed, or null when it can. */
export function commentProblem(text: string): string | null {
  const length = [...text.trim()].length;
  if (length === 0) return 'Write something first.';
  if (length > MAX_COMMENT) return `At most ${MAX_COMMENT} characters (${length} now).`;
  return null;
}

/** The upvote button: pressed when the viewer upvoted, with the count. */
export function UpvoteButton({ api, videoId, upvotes, upvoted }: { api: MediaApi; videoId: string; upvotes: number; upvoted: boolean }) {
  const [state, setState] = useState({ upvotes, upvoted });
  const [error, setError] = useState<string | null>(null);
  const toggle = () =>
    api.upvote(videoId, !state.upvoted).then(
      (next) => {
        setError(null);
        setState(next);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  return (
    <>
      <button type="button" aria-pressed={state.upvoted} onClick={() => void toggle()}>
        ▲ {state.upvoted ? 'Upvoted' : 'Upvote'} ({state.upvotes})
      </button>
      <FormError message={error} />
    </>
  );
}

/** A video's comments: the form (or why there is none) and the list, newest first. */
export function Comments({ api, videoId }: { api: MediaApi; videoId: string }) {
  const { user } = useAuth();
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.videoComments(videoId, page), [api, videoId, page, user?.id]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const wrong = commentProblem(text);
    setProblem(wrong);
    if (wrong) return;
    setPending(true);
    try {
      await api.comment(videoId, text);
      setText('');
      setNotice('Thank you! Your comment will appear once a moderator approves it.');
      if (page === 1) list.reload();
      else setPage(1);
    } catch (caught) {
      setProblem(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  const remove = (comment: Comment) =>
    api.deleteOwnComment(comment.id).then(
      () => list.reload(),
      (caught: unknown) => setProblem(errorMessage(caught)),
    );

  const meta = list.data?.meta;
  const pages = meta ? Math.max(1, Math.ceil(meta.total / meta.limit)) : 1;
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments{meta ? ` (${meta.total})` : ''}</h2>
      {canComment(user?.role) ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <TextArea label="Your comment" name="comment" value={text} onChange={(e) => setText(e.target.value)} error={problem ?? undefined} />
          <SubmitButton pending={pending} pendingLabel="Sending…">
            Post comment
          </SubmitButton>
        </form>
      ) : user ? (
        <p className="muted">Your account cannot comment yet.</p>
      ) : (
        <p className="muted">
          <Link to="/login">Sign in</Link> to comment.
        </p>
      )}
      {notice && <Notice>{notice}</Notice>}
      {list.loading && !list.data && <Loading label="Loading comments…" />}
      <FormError message={list.error} />
      {list.data && list.data.data.length === 0 && <p className="muted">No comments yet.</p>}
      <ul className="comments">
        {list.data?.data.map((comment) => (
          <li key={comment.id} data-status={comment.status}>
            <p>
              <strong>{comment.author_name ?? 'A viewer'}</strong> · <time dateTime={comment.created_at}>{formatMoment(comment.created_at)}</time>
              {comment.status === 'pending' && <span className="badge"> Awaiting approval</span>}
            </p>
            <p style={{ whiteSpace: 'pre-wrap' }}>{comment.body}</p>
            {comment.mine && (
              <button type="button" onClick={() => void remove(comment)}>
                Delete my comment
              </button>
            )}
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <p>
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Newer
          </button>{' '}
          Page {page} of {pages}{' '}
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </p>
      )}
    </section>
  );
}
