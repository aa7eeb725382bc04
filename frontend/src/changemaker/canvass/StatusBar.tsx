import { formatMoment } from '../../trajectory/dates';
import type { RejectedVisit } from './queue';
import { outcomeLabel } from './visitRules';

export interface StatusBarProps {
  online: boolean;
  /** Visits recorded on this phone and not yet sent. */
  waiting: number;
  syncing: boolean;
  /** Why the last sync failed; null after one that went through. */
  error: string | null;
  rejected: readonly RejectedVisit[];
  /** Offered while visits wait and the phone is online; absent where nothing can be sent (signed out offline). */
  onSyncNow?: () => void;
  onDismiss(visitId: string): void;
}

function visits(n: number): string {
  return `${n} ${n === 1 ? 'visit' : 'visits'}`;
}

/** The one line a canvasser reads to know where their visits are. */
export function statusText({ online, waiting, syncing, error }: Pick<StatusBarProps, 'online' | 'waiting' | 'syncing' | 'error'>): string {
  if (!online) return waiting > 0 ? `Offline · ${visits(waiting)} waiting` : 'Offline · visits are kept on this phone';
  if (syncing) return 'Syncing…';
  if (waiting === 0) return 'All visits synced';
  return error ? `${visits(waiting)} waiting · not sent yet: ${error}` : `${visits(waiting)} waiting`;
}

/**
 * Always on top of the walk: the connection and the queue ("Offline · 3 visits
 * waiting", "Syncing…", "All visits synced"), "Sync now" while visits wait, and
 * the visits the server refused, each with its reason until dismissed.
 */
export function StatusBar(props: StatusBarProps) {
  const { online, waiting, syncing, rejected, onSyncNow, onDismiss } = props;
  const tone = !online ? 'offline' : waiting > 0 ? 'waiting' : 'synced';
  return (
    <div className={`canvass-status status-${tone}`}>
      <div className="status-line">
        <p role="status" aria-live="polite">
          {statusText(props)}
        </p>
        {online && waiting > 0 && onSyncNow && (
          <button type="button" onClick={onSyncNow} disabled={syncing}>
            Sync now
          </button>
        )}
      </div>
      <div aria-live="assertive">
        {rejected.length > 0 && (
          <ul className="rejected" aria-label="Visits not recorded">
            {rejected.map((r) => (
              <li key={r.id}>
                <span>
                  <strong>{r.label}</strong> · {outcomeLabel(r.outcome)} at {formatMoment(r.visited_at)} was not recorded:{' '}
                  {r.error}
                </span>{' '}
                <button type="button" className="link-button" aria-label={`Dismiss ${r.label}`} onClick={() => onDismiss(r.id)}>
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
