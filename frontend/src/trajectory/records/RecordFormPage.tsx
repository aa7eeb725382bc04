import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { AnyRecord, Child, Illness, Measurement, MedicalEvent, RecordKind, Visit } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { OWNER_OF_KIND } from '../attachments/owners';
import { VisitMeasurements } from './VisitMeasurements';
import { useTrajectory } from '../hooks';
import { canWrite } from '../labels';
import { ErrorText } from '../LoadError';
import { IllnessForm } from './IllnessForm';
import { MeasurementForm } from './MeasurementForm';
import { MedicalEventForm } from './MedicalEventForm';
import { VisitForm } from './VisitForm';

export const RECORD_NAMES: Record<RecordKind, string> = {
  visits: 'visit',
  measurements: 'measurement',
  'medical-events': 'medical event',
  illnesses: 'illness',
};

function isKind(kind: string | undefined): kind is RecordKind {
  return kind !== undefined && kind in RECORD_NAMES;
}

/** `new/:kind` or `:kind/:recordId/edit` under a child: the matching form. */
export function RecordFormPage({ child }: { child: Child }) {
  const { kind, recordId } = useParams();
  const api = useTrajectory();
  const navigate = useNavigate();
  const valid = isKind(kind);
  const name = valid ? RECORD_NAMES[kind] : 'record';
  usePageTitle(`${recordId ? 'Edit' : 'Add'} ${name}`);
  const load = useLoad<AnyRecord | null>(
    () => (valid && recordId ? api.record(kind, recordId) : Promise.resolve(null)),
    [api, kind, recordId],
  );
  // The tab the form was opened from (`?from=illnesses`), else the timeline.
  const [params] = useSearchParams();
  const from = params.get('from');
  const back = `/trajectory/children/${child.id}${from && RETURN_TABS.includes(from) ? `/${from}` : ''}`;

  if (!valid) return <ErrorText message="There is no such kind of record." />;
  if (!canWrite(child.role)) {
    return <p className="alert alert-info">Your role in this family lets you read records, not change them.</p>;
  }
  if (load.loading) return <Loading />;
  if (load.error) return <ErrorText message={load.error} />;

  const record = load.data ?? undefined;
  const owner = OWNER_OF_KIND[kind];
  const common = { child, onSaved: () => navigate(back), onReload: load.reload };
  // Remount after a reload so the form starts from the latest version.
  const key = record?.updated_at ?? 'new';
  return (
    <section className="card form-card" aria-labelledby="record-form-heading">
      <h2 id="record-form-heading">
        {record ? 'Edit' : 'Add'} {name}
      </h2>
      {kind === 'visits' && <VisitForm key={key} {...common} record={record as Visit | undefined} />}
      {kind === 'measurements' && <MeasurementForm key={key} {...common} record={record as Measurement | undefined} />}
      {kind === 'medical-events' && <MedicalEventForm key={key} {...common} record={record as MedicalEvent | undefined} />}
      {kind === 'illnesses' && <IllnessForm key={key} {...common} record={record as Illness | undefined} />}
      <p className="aside">
        <Link to={back}>Cancel</Link>
      </p>
      {record && kind === 'visits' && <VisitMeasurements child={child} visitId={record.id} />}
      {record && owner && <AttachmentsPanel child={child} owner={{ type: owner, id: record.id }} title={`Files of this ${name}`} />}
    </section>
  );
}

/** Tabs of the child's page a form may return to. */
const RETURN_TABS = ['growth', 'illnesses', 'files'];
