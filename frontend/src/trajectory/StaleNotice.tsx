/** Offered after a 409 STALE: the form was opened on an older version of the record. */
export function StaleNotice({ stale, onReload }: { stale: boolean; onReload?: () => void }) {
  if (!stale || !onReload) return null;
  return (
    <p className="stale">
      <button type="button" onClick={onReload}>
        Reload the latest version
      </button>{' '}
      <span className="muted">Your unsaved changes here will be lost.</span>
    </p>
  );
}
