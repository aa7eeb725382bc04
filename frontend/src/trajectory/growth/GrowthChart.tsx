import { useEffect, useId, useRef, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, XAxis, YAxis } from 'recharts';
import { ageShort, formatDate } from '../dates';
import { ordinal } from '../labels';
import { xWindow, yWindow, type ChartPoint, type ChartRow, type Scale } from './growthScale';

/** The curves from the highest percentile down, as the legend lists them; no two alike. */
const CURVES = [
  { key: 'p97', name: '97th', color: 'var(--curve-p97)', dash: '6 3' },
  { key: 'p85', name: '85th', color: 'var(--curve-p85)', dash: '2 3' },
  { key: 'p50', name: '50th', color: 'var(--curve-p50)', dash: undefined },
  { key: 'p15', name: '15th', color: 'var(--curve-p15)', dash: '2 3' },
  { key: 'p3', name: '3rd', color: 'var(--curve-p3)', dash: '6 3' },
] as const;

const POINT_COLOR = 'var(--accent)';
const HEIGHT = 340;

interface Props {
  rows: ChartRow[];
  points: ChartPoint[];
  scale: Scale;
  title: string;
  dateOfBirth: string;
  /** Length/height for age: mark where lying length gives way to standing height. */
  showHeightStep?: boolean;
}

/** Where the shown point is drawn, and whether a click or tap keeps it open. */
interface Shown {
  index: number;
  cx: number;
  cy: number;
  pinned: boolean;
}

/**
 * The WHO percentile curves with the child's measurements plotted over them.
 * Each point can be hovered, focused or tapped: its date, value with unit, age and
 * percentile then show beside it (Escape or a tap elsewhere hides them).
 */
export function GrowthChart({ rows, points, scale, title, dateOfBirth, showHeightStep = false }: Props) {
  const [shown, setShown] = useState<Shown | null>(null);
  const area = useRef<HTMLDivElement>(null);
  const tipId = useId();
  const view = xWindow(rows, points, scale.lengthAxis, scale.pad);
  const y = yWindow(view.rows, points);
  const stepVisible = showHeightStep && !scale.lengthAxis && view.domain[0] < 24 && view.domain[1] > 24;

  // Escape hides the shown point wherever focus is (a tap leaves it on the page).
  const open = shown !== null;
  useEffect(() => {
    if (!open) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') setShown(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const point = shown ? points[shown.index] : undefined;
  const onRight = shown ? shown.cx < (area.current?.clientWidth ?? 0) / 2 : true;

  return (
    <figure className="growth-chart" aria-label={title}>
      <div
        className="chart-area"
        ref={area}
        onClick={(event) => {
          if (!(event.target as Element).closest('.chart-point')) setShown(null);
        }}
      >
        <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: 640, height: HEIGHT }}>
          <ComposedChart data={view.rows} margin={{ top: 12, right: 16, bottom: 24, left: 4 }}>
            <CartesianGrid stroke="var(--grid, #e6e9ef)" />
            <XAxis
              dataKey="x"
              type="number"
              domain={view.domain}
              ticks={view.ticks}
              allowDataOverflow
              label={{ value: scale.xLabel, position: 'insideBottom', offset: -12 }}
            />
            <YAxis
              type="number"
              // Fits the curves and points shown, with ticks on round values, rather than starting at zero.
              domain={y.domain}
              ticks={y.ticks}
              allowDataOverflow
              width={48}
              label={{ value: scale.yLabel, angle: -90, position: 'insideLeft' }}
            />
            {stepVisible && (
              <ReferenceLine
                x={24}
                stroke="var(--muted)"
                strokeDasharray="4 4"
                label={{ value: 'Height from 2 y', position: 'insideTopRight', fontSize: 12, fill: 'var(--muted)' }}
              />
            )}
            {CURVES.map((c) => (
              <Line
                key={c.key}
                dataKey={c.key}
                name={c.name}
                stroke={c.color}
                strokeDasharray={c.dash}
                strokeWidth={c.key === 'p50' ? 2 : 1.5}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                type="monotone"
              />
            ))}
            <Scatter
              data={points}
              dataKey="value"
              name="Measurements"
              fill={POINT_COLOR}
              isAnimationActive={false}
              shape={(props: unknown) => {
                const { cx, cy, index } = props as { cx?: number; cy?: number; index: number };
                const p = points[index];
                if (cx == null || cy == null || !p) return <g />;
                const active = shown?.index === index;
                return (
                  <g
                    className="chart-point"
                    role="button"
                    tabIndex={0}
                    aria-label={`Measurement of ${formatDate(p.measured_on)}`}
                    aria-describedby={active ? tipId : undefined}
                    onMouseEnter={() => setShown((s) => (s?.pinned ? s : { index, cx, cy, pinned: false }))}
                    onMouseLeave={() => setShown((s) => (s?.pinned ? s : null))}
                    onFocus={() => setShown({ index, cx, cy, pinned: false })}
                    onBlur={() => setShown((s) => (s?.pinned ? s : null))}
                    onClick={() =>
                      setShown((s) => (s?.index === index && s.pinned ? null : { index, cx, cy, pinned: true }))
                    }
                    onKeyDown={(event) => {
                      if (event.key === 'Enter' || event.key === ' ') {
                        event.preventDefault();
                        setShown({ index, cx, cy, pinned: true });
                      }
                    }}
                  >
                    {/* A finger-sized target around the visible dot. */}
                    <circle cx={cx} cy={cy} r={16} fill="transparent" />
                    <circle cx={cx} cy={cy} r={active ? 7 : 5} fill={POINT_COLOR} stroke="var(--paper)" strokeWidth={2} />
                  </g>
                );
              }}
            />
          </ComposedChart>
        </ResponsiveContainer>
        {shown && point && (
          <div
            role="tooltip"
            id={tipId}
            className={`chart-tooltip ${onRight ? 'tip-right' : 'tip-left'}`}
            style={{ left: shown.cx, top: shown.cy }}
          >
            <strong>{formatDate(point.measured_on)}</strong>
            <div>
              {scale.yText(point.value)}
              {scale.lengthAxis && ` at ${point.x} ${scale.xLabel.match(/\((.+)\)/)?.[1] ?? ''}`}
            </div>
            <div>Age {ageShort(dateOfBirth, point.measured_on)}</div>
            {point.percentile != null && <div>{ordinal(point.percentile)} percentile</div>}
          </div>
        )}
      </div>
      <figcaption>
        <ul className="chart-legend" aria-label="Legend">
          {CURVES.map((c) => (
            <li key={c.key}>
              <svg width="28" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="28" y2="5" stroke={c.color} strokeWidth={c.key === 'p50' ? 2.5 : 2} strokeDasharray={c.dash} />
              </svg>
              {c.name} percentile
            </li>
          ))}
          <li>
            <svg width="12" height="12" aria-hidden="true">
              <circle cx="6" cy="6" r="5" fill={POINT_COLOR} />
            </svg>
            Measurements
          </li>
        </ul>
        {stepVisible && (
          <p className="muted chart-note">
            Until 2 years a child is measured lying down (length), from 2 years standing up (height), which reads
            slightly less: the curves step at 24 months.
          </p>
        )}
      </figcaption>
    </figure>
  );
}
