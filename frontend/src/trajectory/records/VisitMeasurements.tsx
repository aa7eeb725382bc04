import { Link } from 'react-router-dom';
import type { Child } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useTrajectory, useUnits } from '../hooks';
import { ErrorText } from '../LoadError';
import { measuredValues } from '../timeline/EntrySummary';

/** In a visit's edit view: the measurements taken at it, each with a link to change it. */
export function VisitMeasurements({ child, visitId }: { child: Child; visitId: string }) {
  const api = useTrajectory();
  const units = useUnits();
  const load = useLoad(
    async () => (await api.records(child.id, 'measurements')).data.filter((m) => m.visit_id === visitId),
    [api, child.id, visitId],
  );
  return (
    <section aria-labelledby={`measured-${visitId}`}>
      <h2 id={`measured-${visitId}`}>Measurements of this visit</h2>
      {load.loading && <Loading label="Loading the measurements…" />}
      <ErrorText message={load.error} />
      {load.data && load.data.length === 0 && <p className="muted">No measurements were taken at this visit.</p>}
      {load.data && load.data.length > 0 && (
        <ul className="plain-list">
          {load.data.map((m) => (
            <li key={m.id}>
              {measuredValues(m, units).join(' · ')}{' '}
              <Link to={`/trajectory/children/${child.id}/measurements/${m.id}/edit`}>Edit measurement</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
