import type { Growth, Indicator } from '../../api/trajectoryTypes';
import type { Units } from '../../api/types';
import { poundsAndOunces, round, toDisplay, unitOf, type Quantity } from '../units';

export const DAYS_PER_MONTH = 30.4375;

/** What the y of each indicator measures (BMI has no imperial form). */
const Y_QUANTITY: Record<Indicator, Quantity | null> = {
  weight_for_age: 'weight',
  length_height_for_age: 'length',
  head_circumference_for_age: 'length',
  bmi_for_age: null,
  weight_for_length_height: 'weight',
};

export interface Scale {
  xLabel: string;
  yLabel: string;
  /** The x axis is a length (weight-for-length/height), not an age. */
  lengthAxis: boolean;
  /** How far beyond the child's points a length axis reaches, in the user's unit. */
  pad: number;
  x(raw: number): number;
  y(si: number): number;
  /** A value on the y axis (in the user's unit) as text with its unit: "9.65 kg", "21 lb 4 oz". */
  yText(shown: number): string;
}

export function scaleFor(growth: Growth, units: Units): Scale {
  const quantity = Y_QUANTITY[growth.indicator];
  const lengthAxis = growth.axis === 'length_cm';
  const yUnit = quantity ? unitOf(units, quantity).symbol : 'kg/m²';
  return {
    xLabel: lengthAxis ? `Length/height (${unitOf(units, 'length').symbol})` : 'Age (months)',
    yLabel: yUnit,
    lengthAxis,
    pad: lengthAxis ? round(toDisplay(units, 'length', 5), 1) : 0,
    x: (raw) => round(lengthAxis ? toDisplay(units, 'length', raw) : raw / DAYS_PER_MONTH, 2),
    y: (si) => round(quantity ? toDisplay(units, quantity, si) : si, 2),
    yText: (shown) => (quantity === 'weight' && units === 'imperial' ? poundsAndOunces(shown) : `${shown} ${yUnit}`),
  };
}

export interface ChartRow {
  x: number;
  p3: number;
  p15: number;
  p50: number;
  p85: number;
  p97: number;
}

export interface ChartPoint {
  x: number;
  value: number;
  measured_on: string;
  percentile: number | null;
  z: number | null;
}

/** The curves and the child's points in the user's units, ready for the chart. */
export function chartData(growth: Growth, units: Units): { rows: ChartRow[]; points: ChartPoint[]; scale: Scale } {
  const scale = scaleFor(growth, units);
  const rows = growth.curves.map((c) => ({
    x: scale.x(c.x),
    p3: scale.y(c.p3),
    p15: scale.y(c.p15),
    p50: scale.y(c.p50),
    p85: scale.y(c.p85),
    p97: scale.y(c.p97),
  }));
  const points = growth.points.map((p) => ({
    x: scale.x(p.x),
    value: scale.y(p.value),
    measured_on: p.measured_on,
    percentile: p.percentile,
    z: p.z,
  }));
  return { rows, points, scale };
}

/** Steps between x ticks: months for ages, whole units for lengths. */
const AGE_STEPS = [1, 2, 3, 6, 12, 24, 36, 60];
const LENGTH_STEPS = [1, 2, 5, 10, 20, 50];

/**
 * Ticks on round values covering `[min, max]`: the smallest step from `steps`
 * that needs no more than `most` ticks, starting at a multiple of the step.
 */
export function roundTicks(min: number, max: number, steps: number[], most = 8): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const step = steps.find((s) => Math.floor(max / s) - Math.ceil(min / s) + 1 <= most) ?? steps[steps.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) ticks.push(round(t, 2));
  return ticks;
}

/** What the x axis shows: its extent, round ticks, and the curve rows within it. */
export interface XWindow {
  domain: [number, number];
  ticks: number[];
  rows: ChartRow[];
}

/**
 * The part of the x axis worth showing. Ages show the whole reference the API
 * sent (it covers the child's life so far). Lengths fit the child's points with
 * some room, since the WHO table spans 45–120 cm and a few points would sit in a
 * corner of it; the y axis then fits what is left.
 */
export function xWindow(rows: ChartRow[], points: ChartPoint[], lengthAxis: boolean, pad: number): XWindow {
  const xs = [...rows.map((r) => r.x), ...points.map((p) => p.x)];
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (lengthAxis && points.length > 0) {
    const px = points.map((p) => p.x);
    lo = Math.max(lo, Math.floor(Math.min(...px) - pad));
    hi = Math.min(hi, Math.ceil(Math.max(...px) + pad));
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [], rows };
  const inside = rows.filter((r) => r.x >= lo && r.x <= hi);
  return { domain: [lo, hi], ticks: roundTicks(lo, hi, lengthAxis ? LENGTH_STEPS : AGE_STEPS), rows: inside };
}

const Y_STEPS = [0.5, 1, 2, 5, 10, 20, 50, 100];

/** The y axis from the curves and points shown: whole steps around them, at most seven ticks. */
export function yWindow(rows: ChartRow[], points: ChartPoint[]): { domain: [number, number]; ticks: number[] } {
  const ys = [...rows.flatMap((r) => [r.p3, r.p97]), ...points.map((p) => p.value)];
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [] };
  const step = Y_STEPS.find((s) => Math.ceil(hi / s) - Math.floor(lo / s) + 1 <= 7) ?? Y_STEPS[Y_STEPS.length - 1];
  const domain: [number, number] = [Math.max(0, Math.floor(lo / step) * step), Math.ceil(hi / step) * step];
  return { domain, ticks: roundTicks(domain[0], domain[1], [step]) };
}
