import { IMPORT_COLUMNS, type ImportColumn } from './types';

/** The header of a CSV file's text: its first line's fields (quotes removed). */
export function csvHeader(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(current.trim());
      current = '';
    } else current += ch;
  }
  fields.push(current.trim());
  return fields.filter((f) => f !== '');
}

const SYNONYMS: Record<ImportColumn, string[]> = {
  address: ['address', 'street', 'street address', 'addr'],
  unit: ['unit', 'apt', 'apartment', 'suite'],
  occupant_name: ['occupant_name', 'name', 'occupant', 'resident', 'full name'],
  occupant_email: ['occupant_email', 'email', 'e-mail'],
  occupant_phone: ['occupant_phone', 'phone', 'telephone', 'tel'],
  support_level: ['support_level', 'support', 'level'],
  lawn_sign: ['lawn_sign', 'sign', 'lawn sign'],
  lawn_sign_size: ['lawn_sign_size', 'sign size', 'size'],
  notes: ['notes', 'note', 'comments'],
  lng: ['lng', 'lon', 'longitude', 'x'],
  lat: ['lat', 'latitude', 'y'],
};

/** A first guess of which file column holds each map column, by name. */
export function guessMapping(header: string[]): Partial<Record<ImportColumn, string>> {
  const mapping: Partial<Record<ImportColumn, string>> = {};
  for (const column of IMPORT_COLUMNS) {
    const found = header.find((h) => SYNONYMS[column].includes(h.trim().toLowerCase()));
    if (found) mapping[column] = found;
  }
  return mapping;
}
