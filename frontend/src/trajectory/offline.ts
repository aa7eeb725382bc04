/**
 * The last-viewed family, kept on this device so the installed app can show it,
 * read-only, without a network: the family, its children, and the records of
 * each child whose timeline was opened. Only one family is kept; logging out
 * forgets it.
 */
import type { Child, Family } from '../api/trajectoryTypes';
import type { Units } from '../api/types';
import type { Records } from './timeline/entries';

const KEY = 'offline.last-family';

export interface OfflineFamily {
  /** When it was last seen online (RFC 3339). */
  savedAt: string;
  units: Units;
  family: Family;
  children: Child[];
  /** Records by child id, for the children whose timeline was opened. */
  records: Record<string, Records>;
}

function read(): OfflineFamily | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as OfflineFamily) : null;
  } catch {
    return null;
  }
}

function write(value: OfflineFamily): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(value));
  } catch {
    // Storage full or refused: the app works online as before.
  }
}

/** Keeps `family` and its children as the last-viewed family (their records too, if it was already kept). */
export function keepFamily(family: Family, children: Child[], units: Units): void {
  const kept = read();
  const records = kept?.family.id === family.id ? kept.records : {};
  write({ savedAt: new Date().toISOString(), units, family, children, records });
}

/** Keeps one child's records, when the child belongs to the kept family. */
export function keepRecords(child: Child, records: Records): void {
  const kept = read();
  if (!kept || kept.family.id !== child.family_id) return;
  write({ ...kept, savedAt: new Date().toISOString(), records: { ...kept.records, [child.id]: records } });
}

/** The kept family, or null. */
export function keptFamily(): OfflineFamily | null {
  return read();
}

/** Forgets the kept family (on logout: the device may be shared). */
export function forgetFamily(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing kept, nothing to forget.
  }
}
