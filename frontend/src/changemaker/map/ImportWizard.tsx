import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { usePageTitle } from '../../shell/usePageTitle';
import { useMapApi } from './api';
import { csvHeader, guessMapping } from './importMapping';
import { IMPORT_COLUMNS, type ImportColumn, type LocationImportReport } from './types';

type Step = 'file' | 'columns' | 'report' | 'done';

/**
 * The CSV import in four steps: choose the file, map its columns onto the
 * map's, read the dry run's report (every bad row by line; nothing changed),
 * then apply.
 */
export function ImportWizard() {
  usePageTitle('Import households');
  const api = useMapApi();
  const [step, setStep] = useState<Step>('file');
  const [csv, setCsv] = useState('');
  const [header, setHeader] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Partial<Record<ImportColumn, string>>>({});
  const [report, setReport] = useState<LocationImportReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    const found = csvHeader(text);
    setCsv(text);
    setHeader(found);
    setMapping(guessMapping(found));
    setStep('columns');
  };
  const send = async (dryRun: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      const chosen = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) as Record<string, string>;
      const answer = await api.importCsv({ csv, mapping: chosen, dry_run: dryRun });
      setReport(answer);
      setStep(dryRun ? 'report' : 'done');
    } catch (caught) {
      setProblem(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-heading">
      <h1 id="import-heading">Import households</h1>
      <ol className="steps" aria-label="Steps">
        {(['file', 'columns', 'report', 'done'] as Step[]).map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined}>
            {i + 1}. {{ file: 'File', columns: 'Columns', report: 'Check', done: 'Done' }[s]}
          </li>
        ))}
      </ol>
      {problem && <p role="alert">{problem}</p>}
      {step === 'file' && (
        <label className="field">
          A CSV file with a header row{' '}
          <input type="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0])} />
        </label>
      )}
      {step === 'columns' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send(true);
          }}
        >
          <p>Which column of the file holds each field? Columns left out are ignored.</p>
          <table>
            <tbody>
              {IMPORT_COLUMNS.map((column) => (
                <tr key={column}>
                  <th scope="row">
                    <label htmlFor={`map-${column}`}>
                      {column}
                      {column === 'address' ? ' (required)' : ''}
                    </label>
                  </th>
                  <td>
                    <select
                      id={`map-${column}`}
                      value={mapping[column] ?? ''}
                      onChange={(e) => setMapping({ ...mapping, [column]: e.target.value || undefined })}
                    >
                      <option value="">(none)</option>
                      {header.map((h) => (
                        <option key={h}>{h}</option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" disabled={busy || !mapping.address}>
            {busy ? 'Checking…' : 'Check the file (dry run)'}
          </button>
        </form>
      )}
      {(step === 'report' || step === 'done') && report && (
        <div aria-live="polite">
          <p data-testid="import-summary">
            {report.rows} rows: {report.added} {report.applied ? 'added' : 'to add'}, {report.to_geocode} to geocode,{' '}
            {report.skipped.length} duplicates skipped, {report.errors.length} problems.
          </p>
          {report.errors.length > 0 && (
            <>
              <p>Nothing is imported while a row is wrong: fix these lines in the file and choose it again.</p>
              <ul className="import-errors">
                {report.errors.map((e, i) => (
                  <li key={i}>
                    Line {e.line}
                    {e.column ? `, ${e.column}` : ''}: {e.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.skipped.length > 0 && (
            <p className="muted">
              Duplicates (left out): lines {report.skipped.map((s) => s.line).join(', ')}.
            </p>
          )}
          {step === 'report' && report.errors.length === 0 && (
            <button onClick={() => send(false)} disabled={busy}>
              {busy ? 'Importing…' : `Import ${report.added} households`}
            </button>
          )}
          {step === 'done' && (
            <p>
              Imported. <Link to="..">See them on the map</Link>.
            </p>
          )}
          <p>
            <button onClick={() => setStep('file')}>Choose another file</button>
          </p>
        </div>
      )}
    </section>
  );
}
