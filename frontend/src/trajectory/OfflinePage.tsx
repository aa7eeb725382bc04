import { useState } from 'react';
import { PublicHeader } from '../shell/layouts';
import { usePageTitle } from '../shell/usePageTitle';
import { ageText, formatDate, formatDay } from './dates';
import { keptFamily } from './offline';
import { mergeEntries } from './timeline/entries';
import { EntrySummary } from './timeline/EntrySummary';

/**
 * What the app shows when it opens without a network: the last-viewed family as
 * it was last seen, read-only, one child at a time; or why there is nothing.
 */
export function OfflinePage() {
  usePageTitle('Offline');
  const kept = keptFamily();
  const [childId, setChildId] = useState(kept?.children[0]?.id ?? null);
  const child = kept?.children.find((c) => c.id === childId) ?? null;
  const records = child ? kept?.records[child.id] : undefined;

  return (
    <>
      <PublicHeader />
      <main className="page">
        <p role="status" className="alert alert-info">
          You are offline.{' '}
          {kept
            ? `This is ${kept.family.name} as it was on ${formatDay(kept.savedAt)}, read-only.`
            : 'Open a family once while online to have it here offline.'}{' '}
          <button type="button" className="link-button" onClick={() => window.location.reload()}>
            Try again
          </button>
        </p>
        {kept && (
          <>
            <h1>{kept.family.name}</h1>
            {kept.children.length > 1 && (
              <div className="filters" role="group" aria-label="Child">
                {kept.children.map((c) => (
                  <button key={c.id} type="button" aria-pressed={c.id === childId} onClick={() => setChildId(c.id)}>
                    {c.name}
                  </button>
                ))}
              </div>
            )}
            {child && (
              <section aria-labelledby="offline-child">
                <h2 id="offline-child">
                  {child.name} <span className="muted">· {ageText(child.date_of_birth)}</span>
                </h2>
                {!records && <p className="muted">{child.name}&apos;s records were not opened while online.</p>}
                {records && (
                  <ol className="timeline" aria-label="Records">
                    {mergeEntries(records).map((entry) => (
                      <li key={`${entry.kind}-${entry.record.id}`} className={`timeline-item kind-${entry.kind}`}>
                        <time dateTime={entry.date} className="entry-date">
                          {formatDate(entry.date)}
                        </time>
                        <div className="entry-body">
                          <EntrySummary
                            entry={entry}
                            units={kept.units}
                            measurements={
                              entry.kind === 'visits' ? records.measurements.filter((m) => m.visit_id === entry.record.id) : []
                            }
                          />
                        </div>
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            )}
          </>
        )}
      </main>
    </>
  );
}
