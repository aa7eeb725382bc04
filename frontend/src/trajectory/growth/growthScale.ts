import type { Growth, Indicator } from '../../api/trajectoryTypes';
import type { Units } from '../../api/types';
import { round, toDisplay, unitOf, type Quantity } from '../units';

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
  x(raw: number): number;
  y(si: number): number;
}

export function scaleFor(growth: Growth, units: Units): Scale {
  const quantity = Y_QUANTITY[growth.indicator];
  const lengthAxis = growth.axis === 'length_cm';
  const yUnit = quantity ? unitOf(units, quantity).symbol : 'kg/m²';
  return {
    xLabel: lengthAxis ? `Length/height (${unitOf(units, 'length').symbol})` : 'Age (months)',
    yLabel: yUnit,
    x: (raw) => round(lengthAxis ? toDisplay(units, 'length', raw) : raw / DAYS_PER_MONTH, 2),
    y: (si) => round(quantity ? toDisplay(units, quantity, si) : si, 2),
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
