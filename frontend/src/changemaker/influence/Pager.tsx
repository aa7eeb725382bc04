import type { PageMeta } from '../../api/client';

/** Previous and next for a paged list; nothing when it fits on one page. */
export function Pager({ meta, onPage }: { meta: PageMeta; onPage(page: number): void }) {
  const pages = Math.max(1, Math.ceil(meta.total / meta.limit));
  if (pages <= 1) return null;
  return (
    <div className="pager">
      <button type="button" disabled={meta.page <= 1} onClick={() => onPage(meta.page - 1)}>
        Previous
      </button>
      <span className="muted">
        Page {meta.page} of {pages}
      </span>
      <button type="button" disabled={meta.page >= pages} onClick={() => onPage(meta.page + 1)}>
        Next
      </button>
    </div>
  );
}
