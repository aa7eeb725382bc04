import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartPoint, ChartRow, Scale } from './growthScale';
import { formatDate } from '../dates';
import { ordinal } from '../labels';

const CURVES = [
  { key: 'p97', name: 'P97', color: '#c97b7b' },
  { key: 'p85', name: 'P85', color: '#d9a86c' },
  { key: 'p50', name: 'P50', color: '#4f8a5b' },
  { key: 'p15', name: 'P15', color: '#d9a86c' },
  { key: 'p3', name: 'P3', color: '#c97b7b' },
] as const;

interface Props {
  rows: ChartRow[];
  points: ChartPoint[];
  scale: Scale;
  title: string;
}

/** The WHO percentile curves with the child's measurements plotted over them. */
export function GrowthChart({ rows, points, scale, title }: Props) {
  return (
    <figure className="growth-chart" aria-label={title}>
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 24, left: 4 }}>
          <CartesianGrid stroke="#e6e9ef" />
          <XAxis
            dataKey="x"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickCount={8}
            tickFormatter={(v: number) => String(Math.round(v))}
            label={{ value: scale.xLabel, position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            type="number"
            domain={['auto', 'auto']}
            width={48}
            label={{ value: scale.yLabel, angle: -90, position: 'insideLeft' }}
          />
          <Tooltip content={<PointTooltip />} />
          <Legend verticalAlign="top" height={28} />
          {CURVES.map((c) => (
            <Line
              key={c.key}
              dataKey={c.key}
              name={c.name}
              stroke={c.color}
              strokeWidth={c.key === 'p50' ? 2 : 1}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
              type="monotone"
            />
          ))}
          <Scatter data={points} dataKey="value" name="Measurements" fill="#1f5f8b" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

interface TooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}

function PointTooltip({ active, payload }: TooltipProps) {
  const point = payload?.map((p) => p.payload as Partial<ChartPoint>).find((p) => p?.measured_on !== undefined);
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{formatDate(point.measured_on ?? '')}</strong>
      <div>{point.value}</div>
      {point.percentile != null && <div>{ordinal(point.percentile)} percentile</div>}
    </div>
  );
}
