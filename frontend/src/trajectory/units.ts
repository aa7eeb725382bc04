import type { Units } from '../api/types';

/** Exact by definition: 1 lb = 0.45359237 kg, 1 in = 2.54 cm. */
export const KG_PER_LB = 0.45359237;
export const CM_PER_IN = 2.54;

export type Quantity = 'weight' | 'length' | 'temperature';

interface Unit {
  symbol: string;
  /** Decimals shown and accepted. */
  decimals: number;
  fromSi(value: number): number;
  toSi(value: number): number;
}

const SI: Record<Quantity, Unit> = {
  weight: { symbol: 'kg', decimals: 3, fromSi: (v) => v, toSi: (v) => v },
  length: { symbol: 'cm', decimals: 1, fromSi: (v) => v, toSi: (v) => v },
  temperature: { symbol: '°C', decimals: 1, fromSi: (v) => v, toSi: (v) => v },
};

const IMPERIAL: Record<Quantity, Unit> = {
  weight: { symbol: 'lb', decimals: 2, fromSi: (kg) => kg / KG_PER_LB, toSi: (lb) => lb * KG_PER_LB },
  length: { symbol: 'in', decimals: 2, fromSi: (cm) => cm / CM_PER_IN, toSi: (inches) => inches * CM_PER_IN },
  temperature: { symbol: '°F', decimals: 1, fromSi: (c) => (c * 9) / 5 + 32, toSi: (f) => ((f - 32) * 5) / 9 },
};

/** How the API stores each quantity: kg to grams, cm and °C to a tenth or so. */
const SI_DECIMALS: Record<Quantity, number> = { weight: 3, length: 2, temperature: 1 };

export function unitOf(units: Units, quantity: Quantity): Unit {
  return (units === 'imperial' ? IMPERIAL : SI)[quantity];
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** An SI value in the user's unit, as a number (for charts). */
export function toDisplay(units: Units, quantity: Quantity, si: number): number {
  return unitOf(units, quantity).fromSi(si);
}

/** An SI value as text in the user's unit, e.g. "7.72 lb"; empty for no value. */
export function formatQuantity(units: Units, quantity: Quantity, si: number | null | undefined): string {
  if (si === null || si === undefined) return '';
  const unit = unitOf(units, quantity);
  const shown = round(unit.fromSi(si), unit.decimals);
  return `${trimZeros(shown.toFixed(unit.decimals))} ${unit.symbol}`;
}

/** An SI value as the text of an input in the user's unit (no symbol). */
export function toInput(units: Units, quantity: Quantity, si: number | null | undefined): string {
  if (si === null || si === undefined) return '';
  const unit = unitOf(units, quantity);
  return trimZeros(round(unit.fromSi(si), unit.decimals).toFixed(unit.decimals));
}

/**
 * What the user typed, in their unit, as the SI value to send (rounded as the API
 * stores it). Empty text is null; anything that is not a number is NaN, for the
 * validation to report.
 */
export function fromInput(units: Units, quantity: Quantity, text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed) return null;
  if (!/^-?\d*\.?\d+$/.test(trimmed)) return Number.NaN;
  return round(unitOf(units, quantity).toSi(Number(trimmed)), SI_DECIMALS[quantity]);
}

/** An SI range stated in the user's unit, for messages: "between 0.44 and 22.05 lb". */
export function rangeText(units: Units, quantity: Quantity, min: number, max: number): string {
  const unit = unitOf(units, quantity);
  const show = (v: number) => trimZeros(round(unit.fromSi(v), unit.decimals).toFixed(unit.decimals));
  return `between ${show(min)} and ${show(max)} ${unit.symbol}`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Pounds as parents read a baby's weight: "21 lb 4 oz" (ounces to the nearest whole). */
export function poundsAndOunces(lb: number): string {
  let pounds = Math.floor(lb);
  let ounces = Math.round((lb - pounds) * 16);
  if (ounces === 16) {
    pounds += 1;
    ounces = 0;
  }
  return `${pounds} lb ${ounces} oz`;
}
