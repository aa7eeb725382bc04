import { useState, type ChangeEvent } from 'react';
import { errorMessage } from '../../../api/errors';
import type { ImportReport } from '../../../api/influenceTypes';
import { FormError, Notice } from '../../../shell/forms';
import { useInfluence } from '../hooks';

interface ImportPanelProps {
  kind: 'representatives' | 'postal-codes';
  title: string;
  /** The columns, as the file's header names them. */
  columns: string;
  onImported(): void;
}

/**
 * A CSV import in two steps: the dry run reports every bad row by line and
 * what would be added, changed and removed; the import applies it.
 */
export function ImportPanel({ kind, title, columns, onImported }: ImportPanelProps) {
  const api = useInfluence();
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setReport(null);
    setError(null);
    setCsv(file ? { name: file.name, text: await file.text() } : null);
  }

  async function run(dryRun: boolean) {
    if (!csv) return;
    setPending(true);
    setError(null);
    try {
      const answer = await api.importCsv(kind, csv.text, dryRun);
      setReport(answer);
      if (answer.applied) onImported();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  const id = `import-${kind}`;
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <div className="field">
        <label htmlFor={id}>CSV file</label>
        <input id={id} type="file" accept=".csv,text/csv" onChange={onFile} />
        <p className="hint">Columns: {columns}. Check it first; nothing changes until you import.</p>
      </div>
      <FormError message={error} />
      <div className="actions">
        <button type="button" disabled={!csv || pending} onClick={() => run(true)}>
          Check the file
        </button>
        <button
          type="button"
          className="primary"
          disabled={!csv || pending || !report || !report.dry_run || report.errors.length > 0}
          onClick={() => run(false)}
        >
          Import
        </button>
      </div>
      {report && <ImportResult report={report} />}
    </section>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const counts = report.applied
    ? `${report.added} added, ${report.changed} changed, ${report.removed} removed`
    : `${report.added} to add, ${report.changed} to change, ${report.removed} to remove`;
  const summary = `${report.rows} rows: ${counts}, ${report.unchanged} unchanged.`;
  return (
    <div className="import-report" aria-live="polite">
      {report.applied ? <Notice>Imported. {summary}</Notice> : <p>{summary}</p>}
      {report.errors.length > 0 && (
        <>
          <p role="alert" className="alert alert-error">
            {report.errors.length === 1 ? 'One problem' : `${report.errors.length} problems`}: fix the file and check it again.
          </p>
          <ul className="import-errors">
            {report.errors.map((e, n) => (
              <li key={n}>
                Line {e.line}
                {e.column && ` (${e.column})`}: {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
