/**
 * A video's 24-hour preview links, for someone to watch it before it is
 * published: made here, the link is shown once with a copy button (only its
 * hash is kept), and can be revoked.
 */
import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { FormError, Notice } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { formatMoment } from '../../trajectory/dates';
import type { MediaApi, Video } from './api';

export function PreviewLinks({ api, video }: { api: MediaApi; video: Video }) {
  const links = useLoad(() => api.previewLinks(video.id), [api, video.id]);
  const [url, setUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fieldId = `preview-url-${video.id}`;

  const create = async () => {
    setError(null);
    setNotice(null);
    try {
      const created = await api.createPreviewLink(video.id);
      setUrl(created.url);
      links.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setNotice('Link copied.');
    } catch {
      setNotice('Select the link and copy it.');
    }
  };

  const revoke = (linkId: string) =>
    api.revokePreviewLink(video.id, linkId).then(
      () => links.reload(),
      (caught: unknown) => setError(errorMessage(caught)),
    );

  const active = links.data?.filter((link) => link.active) ?? [];
  return (
    <div className="preview-links">
      <button type="button" onClick={() => void create()}>
        Create preview link
      </button>
      {url && (
        <p className="feed-link">
          <label htmlFor={fieldId}>Preview link for 24 hours (shown this once)</label>{' '}
          <input id={fieldId} readOnly value={url} onFocus={(e) => e.currentTarget.select()} size={60} />{' '}
          <button type="button" onClick={() => void copy()}>
            Copy link
          </button>
        </p>
      )}
      {notice && <Notice>{notice}</Notice>}
      <FormError message={error ?? links.error} />
      {active.length > 0 && (
        <ul aria-label={`Preview links of ${video.title}`}>
          {active.map((link) => (
            <li key={link.id}>
              Works until {formatMoment(link.expires_at)}{' '}
              <button type="button" onClick={() => void revoke(link.id)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
