import { useState } from 'react';
import { errorMessage } from '../../../api/errors';
import { ConfirmButton } from '../../../shell/confirm';
import { FormError, Loading } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePagesApi } from '../api';
import type { TemplateDiff } from '../types';
import { formatMoment } from '../../../trajectory/dates';

const PART_LABELS: Record<string, string> = { subject: 'Subject', body_text: 'Text', body_html: 'HTML' };

/** What changed between two versions, part by part. */
export function DiffView({ diff }: { diff: TemplateDiff }) {
  const changed = diff.parts.filter((p) => p.changed);
  if (changed.length === 0) return <p className="muted">Versions {diff.from} and {diff.to} say the same.</p>;
  return (
    <div aria-label={`Changes from version ${diff.from} to ${diff.to}`}>
      {changed.map((part) => (
        <section key={part.field}>
          <h3>{PART_LABELS[part.field] ?? part.field}</h3>
          <ul className="diff">
            {part.lines.map((line, i) => (
              <li key={i} className={line.op}>
                <span aria-hidden="true">{line.op === 'insert' ? '+ ' : line.op === 'delete' ? '- ' : '  '}</span>
                <span className="visually-hidden">{line.op === 'insert' ? 'added: ' : line.op === 'delete' ? 'removed: ' : ''}</span>
                {line.text}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function VersionSelect({ label, numbers, value, onChange }: { label: string; numbers: number[]; value: number; onChange(n: number): void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

interface VersionHistoryProps {
  templateId: string;
  current: number;
  editable: boolean;
  onRestored(): void;
}

/** Every version, newest first; compare any two, restore an old one as a new version. */
export function VersionHistory({ templateId, current, editable, onRestored }: VersionHistoryProps) {
  const api = usePagesApi();
  const versions = useLoad(() => api.versions(templateId), [api, templateId]);
  const [from, setFrom] = useState(Math.max(current - 1, 1));
  const [to, setTo] = useState(current);
  const [diff, setDiff] = useState<TemplateDiff | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function compare() {
    setError(null);
    try {
      setDiff(await api.diff(templateId, from, to));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const numbers = versions.data?.data.map((v) => v.version) ?? [];
  return (
    <section>
      <h2>History</h2>
      {versions.loading && <Loading />}
      <FormError message={versions.error ?? error} />
      {versions.data && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Saved</th>
                  <th>Note</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {versions.data.data.map((v) => (
                  <tr key={v.id}>
                    <td>
                      {v.version}
                      {v.version === current && <span className="badge">current</span>}
                    </td>
                    <td>
                      {formatMoment(v.created_at)} by {v.author ?? 'the platform'}
                    </td>
                    <td>
                      {v.note}
                      {v.restored_from !== null && v.restored_from !== undefined && <span className="muted"> (restores {v.restored_from})</span>}
                    </td>
                    <td>
                      {editable && v.version !== current && (
                        <ConfirmButton
                          label={`Restore version ${v.version}`}
                          confirmLabel={`Yes, restore version ${v.version}`}
                          className=""
                          question={`Save version ${v.version} again as the new current version?`}
                          onConfirm={async () => {
                            await api.restore(templateId, v.version);
                            onRestored();
                          }}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {numbers.length > 1 && (
            <div className="inline-form">
              <VersionSelect label="From version" numbers={numbers} value={from} onChange={setFrom} />
              <VersionSelect label="to version" numbers={numbers} value={to} onChange={setTo} />
              <button type="button" onClick={compare}>
                Compare
              </button>
            </div>
          )}
          {diff && <DiffView diff={diff} />}
        </>
      )}
    </section>
  );
}
