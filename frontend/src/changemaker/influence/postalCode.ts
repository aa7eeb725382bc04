/**
 * Canadian postal codes as the server reads them (`shared::domain::PostalCode`):
 * case, spaces and one hyphen do not matter; no D, F, I, O, Q or U anywhere, and
 * no W or Z first. Checked here only to answer at once; the server decides.
 */

const NEVER = /[DFIOQU]/;

/** `" k1a-0b1 "` → `"K1A 0B1"`, or null when it cannot be a Canadian postal code. */
export function normalisePostalCode(raw: string): string | null {
  const trimmed = raw.trim();
  const separators = (trimmed.match(/[ -]/g) ?? []).length;
  const compact = trimmed.replace(/[ -]/g, '').toUpperCase();
  if (separators > 1 || !/^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(compact)) return null;
  if (NEVER.test(compact) || /^[WZ]/.test(compact)) return null;
  return `${compact.slice(0, 3)} ${compact.slice(3)}`;
}

export const POSTAL_CODE_MESSAGE = 'Enter a Canadian postal code, like K1A 0B1';
