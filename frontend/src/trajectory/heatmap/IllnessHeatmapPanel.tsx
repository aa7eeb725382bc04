import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Child } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useTrajectory } from '../hooks';
import { canWrite } from '../labels';
import { RetryError } from '../LoadError';
import { DayIllnesses } from './DayIllnesses';
import { IllnessHeatmap } from './IllnessHeatmap';

/** A year's illness calendar for one child, with the years to step through. */
export function IllnessHeatmapPanel({ child }: { child: Child }) {
  const api = useTrajectory();
  const thisYear = new Date().getFullYear();
  const firstYear = Number(child.date_of_birth.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [picked, setPicked] = useState<string | null>(null);
  const load = useLoad(() => api.illnessHeatmap(year, child.id), [api, year, child.id]);

  return (
    <section aria-labelledby="illnesses-heading">
      <div className="page-head">
        <h2 id="illnesses-heading">Illnesses in {year}</h2>
        <div className="actions">
          <button type="button" onClick={() => {
              setYear(year - 1);
              setPicked(null);
            }} disabled={year <= firstYear}>
            Previous year
          </button>
          <button type="button" onClick={() => {
              setYear(year + 1);
              setPicked(null);
            }} disabled={year >= thisYear}>
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
      <RetryError message={load.error} retry={load.reload} />
      {load.data && !load.loading && (
        <>
          <IllnessHeatmap year={year} days={load.data} picked={picked} onPick={(d) => setPicked(d === picked ? null : d)} />
          {load.data.length > 0 && !picked && <p className="muted">Tap a shaded day to see its illnesses.</p>}
        </>
      )}
      {picked && <DayIllnesses child={child} date={picked} />}
    </section>
  );
}
