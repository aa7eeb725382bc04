import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import type { Attachment, Child, Measurement } from '../../api/trajectoryTypes';
import { ConfirmButton } from '../../shell/confirm';
import { icsFilename, visitIcs } from '../calendar/ics';
import { formatDate, today } from '../dates';
import { useTrajectory, useUnits } from '../hooks';
import { ErrorText } from '../LoadError';
import { RECORD_NAMES } from '../records/RecordFormPage';
import { saveFile } from '../saveFile';
import type { Entry } from './entries';
import { EntrySummary } from './EntrySummary';

interface Props {
  child: Child;
  entry: Entry;
  /** The record's own files. */
  files: Attachment[];
  /** For a visit: the measurements taken at it. */
  measurements: Measurement[];
  /** Owners and parents get Edit and Delete; read-only members only read. */
  writer: boolean;
  onDeleted(entry: Entry): void;
}

export function TimelineItem({ child, entry, files, measurements, writer, onDeleted }: Props) {
  const api = useTrajectory();
  const units = useUnits();
  const [error, setError] = useState<string | null>(null);
  const name = RECORD_NAMES[entry.kind];
  const appointment = entry.kind === 'visits' && entry.record.visit_date > today() ? entry.record : null;

  async function remove() {
    setError(null);
    try {
      await api.deleteRecord(entry.kind, entry.record.id);
      onDeleted(entry);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <li className={`timeline-item kind-${entry.kind}`}>
      <time dateTime={entry.date} className="entry-date">
        {formatDate(entry.date)}
      </time>
      <div className="entry-body">
        <EntrySummary entry={entry} units={units} measurements={measurements} />
        {files.length > 0 && (
          <p className="entry-files">
            <span className="badge badge-files">{files.length === 1 ? '1 file' : `${files.length} files`}</span>{' '}
            {files.map((f) => f.filename).join(', ')}
          </p>
        )}
        <ErrorText message={error} />
        {appointment && (
          <div className="entry-actions">
            <button
              type="button"
              onClick={() =>
                saveFile(new Blob([visitIcs(appointment, child.name)], { type: 'text/calendar' }), icsFilename(appointment, child.name))
              }
            >
              Add to calendar
            </button>
          </div>
        )}
        {writer && (
          <div className="entry-actions">
            <Link to={`/trajectory/children/${child.id}/${entry.kind}/${entry.record.id}/edit`}>Edit {name}</Link>
            <ConfirmButton
              label={`Delete ${name}`}
              confirmLabel={`Delete this ${name}`}
              cancelLabel="Keep it"
              className="link-button"
              onConfirm={remove}
            />
          </div>
        )}
      </div>
    </li>
  );
}
