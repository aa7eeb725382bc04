import { useState } from 'react';
import type { Child, Indicator } from '../../api/trajectoryTypes';
import { INDICATORS } from '../../api/trajectoryTypes';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { ageShort, formatDate } from '../dates';
import { useTrajectory, useUnits } from '../hooks';
import { INDICATOR_LABELS, ordinal } from '../labels';
import { RetryError } from '../LoadError';
import { GrowthChart } from './GrowthChart';
import { chartData } from './growthScale';

/** Growth charts: one WHO indicator at a time, with the child's points listed too. */
export function GrowthPanel({ child }: { child: Child }) {
  const api = useTrajectory();
  const units = useUnits();
  const [indicator, setIndicator] = useState<Indicator>('weight_for_age');
  // Percentiles speak to parents; z-scores are there for whoever asks.
  const [showZ, setShowZ] = useState(false);
  const load = useLoad(() => api.growth(child.id, indicator), [api, child.id, indicator]);
  const title = `${INDICATOR_LABELS[indicator]} of ${child.name}`;
  const data = load.data ? chartData(load.data, units) : null;
  const latest = data?.points.at(-1);

  return (
    <section aria-labelledby="growth-heading">
      <h2 id="growth-heading">Growth</h2>
      <div className="filters" role="group" aria-label="Indicator">
        {INDICATORS.map((i) => (
          <button key={i} type="button" aria-pressed={indicator === i} onClick={() => setIndicator(i)}>
            {INDICATOR_LABELS[i]}
          </button>
        ))}
      </div>
      {load.loading && <Loading label="Loading the chart…" />}
      <RetryError message={load.error} retry={load.reload} />
      {data && !load.loading && (
        <>
          {latest?.percentile != null && (
            <p className="latest-percentile" role="status">
              Latest ({formatDate(latest.measured_on)}): {ordinal(latest.percentile)} percentile
            </p>
          )}
          {data.rows.length === 0 && data.points.length === 0 ? (
            <p className="muted">This indicator does not apply at {child.name}&apos;s age, or nothing is measured yet.</p>
          ) : (
            <GrowthChart
              rows={data.rows}
              points={data.points}
              scale={data.scale}
              title={title}
              dateOfBirth={child.date_of_birth}
              showHeightStep={indicator === 'length_height_for_age'}
            />
          )}
          {data.points.length > 0 ? (
            <>
              <label className="choice z-toggle">
                <input type="checkbox" checked={showZ} onChange={(e) => setShowZ(e.target.checked)} />
                Show z-scores
              </label>
              {/* Focusable, so a keyboard can scroll it sideways on a narrow screen. */}
              <div className="table-wrap" role="region" aria-label={`Measurements of ${child.name}`} tabIndex={0}>
                <table className="compact">
                  <caption className="visually-hidden">Measurements of {child.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">{data.scale.lengthAxis ? data.scale.xLabel : 'Age'}</th>
                      <th scope="col">{data.scale.lengthAxis ? 'Weight' : 'Value'}</th>
                      <th scope="col">Percentile</th>
                      {showZ && <th scope="col">z-score</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.points.map((p) => (
                      <tr key={`${p.measured_on}-${p.x}`}>
                        <td>{formatDate(p.measured_on)}</td>
                        <td>{data.scale.lengthAxis ? p.x : ageShort(child.date_of_birth, p.measured_on)}</td>
                        <td>{data.scale.yText(p.value)}</td>
                        <td>{p.percentile != null ? ordinal(p.percentile) : '—'}</td>
                        {showZ && <td>{p.z != null ? p.z.toFixed(2) : '—'}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="muted">No measurements for this chart yet.</p>
          )}
        </>
      )}
    </section>
  );
}
