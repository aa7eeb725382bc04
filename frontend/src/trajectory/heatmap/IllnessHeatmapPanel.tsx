import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Child } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useTrajectory } from '../hooks';
import { canWrite } from '../labels';
import { ErrorText } from '../LoadError';
import { IllnessHeatmap } from './IllnessHeatmap';

/** A year's illness calendar for one child, with the years to step through. */
export function IllnessHeatmapPanel({ child }: { child: Child }) {
  const api = useTrajectory();
  const thisYear = new Date().getFullYear();
  const firstYear = Number(child.date_of_birth.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const load = useLoad(() => api.illnessHeatmap(year, child.id), [api, year, child.id]);

  return (
    <section aria-labelledby="illnesses-heading">
      <div className="page-head">
        <h2 id="illnesses-heading">Illnesses in {year}</h2>
        <div className="actions">
          <button type="button" onClick={() => setYear(year - 1)} disabled={year <= firstYear}>
            Previous year
          </button>
          <button type="button" onClick={() => setYear(year + 1)} disabled={year >= thisYear}>
            Next year
          </button>
          {canWrite(child.role) && (
            <Link className="button" to={`/trajectory/children/${child.id}/new/illnesses?from=illnesses`}>
              Add illness
            </Link>
          )}
        </div>
      </div>
      {load.loading && <Loading label="Loading the calendar…" />}
      <ErrorText message={load.error} />
      {load.data && !load.loading && <IllnessHeatmap year={year} days={load.data} />}
    </section>
  );
}
