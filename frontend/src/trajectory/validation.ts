/**
 * Client-side checks that mirror the API's, with the API's messages, so most
 * mistakes are caught before a round trip. The server stays the authority: its
 * 422 details are shown the same way.
 */
import type { Units } from '../api/types';
import { daysBetween, isIsoDate, today } from './dates';
import { rangeText, type Quantity } from './units';

export const NAME_RULE = 'Name must be 1 to 100 characters';
export const NOTES_LIMIT = 5000;

/** A family or child name: 1–100 characters after trimming, no control characters. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  const ok = trimmed.length > 0 && [...trimmed].length <= 100 && !/[\u0000-\u001f\u007f-\u009f]/.test(trimmed);
  return ok ? null : NAME_RULE;
}

export function requiredDate(value: string, label = 'a date'): string | null {
  if (!value) return `Enter ${label}`;
  return isIsoDate(value) ? null : 'Enter a valid date';
}

export function dateOfBirthProblem(value: string, now = today()): string | null {
  const missing = requiredDate(value, 'the date of birth');
  if (missing) return missing;
  if (value > now) return 'Date of birth cannot be in the future';
  if (daysBetween(value, now) > 366 * 25) return 'Date of birth is more than 25 years ago';
  return null;
}

/** `end` (optional) may not be before `start`. */
export function endDateProblem(start: string, end: string, message = 'Cannot be before the start date'): string | null {
  if (!end) return null;
  if (!isIsoDate(end)) return 'Enter a valid date';
  return isIsoDate(start) && end < start ? message : null;
}

/**
 * A record's date, as the API checks it: not before birth; things that happened
 * (`past`) not after today; appointments and planned doses (`planned`) at most two
 * years ahead.
 */
export function recordDateProblem(
  value: string,
  dateOfBirth: string,
  when: 'past' | 'planned',
  now = today(),
): string | null {
  if (!value) return 'Enter a date';
  if (!isIsoDate(value)) return 'Enter a valid date';
  if (value < dateOfBirth) return `Cannot be before the child's date of birth (${dateOfBirth})`;
  if (when === 'past' && value > now) return 'Cannot be in the future';
  if (daysBetween(now, value) > 2 * 366) return 'Cannot be more than two years from today';
  return null;
}

/** Entries of a short list (tags, vaccines): at most `maxItems`, each 1 to `maxLength` characters. */
export function listProblem(items: string[], maxItems: number, maxLength: number): string | null {
  if (items.length > maxItems) return `At most ${maxItems} entries`;
  return items.some((i) => [...i].length > maxLength) ? `Each entry must be 1 to ${maxLength} characters` : null;
}

/**
 * An optional SI value (already converted from the user's unit) within [min, max];
 * the message states the range in the user's unit.
 */
export function rangeProblem(
  value: number | null,
  min: number,
  max: number,
  units: Units,
  quantity: Quantity,
): string | null {
  if (value === null) return null;
  if (!Number.isFinite(value)) return 'Enter a number';
  return value >= min && value <= max ? null : `Must be ${rangeText(units, quantity, min, max)}`;
}

/** The children API words its notes limit differently from the health records. */
export function childNotesProblem(notes: string): string | null {
  return [...notes.trim()].length > NOTES_LIMIT ? `Notes must be at most ${NOTES_LIMIT} characters` : null;
}

export function notesProblem(notes: string): string | null {
  return textProblem(notes, NOTES_LIMIT);
}

/** Optional text of at most `max` characters once trimmed. */
export function textProblem(value: string, max = 200): string | null {
  return [...value.trim()].length > max ? `Must be at most ${max} characters` : null;
}

/** The server's rule: one @, a non-empty local part, a dotted domain, no spaces. */
export function emailProblem(raw: string): string | null {
  const email = raw.trim();
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const ok =
    email.length <= 254 &&
    !/\s/.test(email) &&
    at > 0 &&
    local.length > 0 &&
    !domain.includes('@') &&
    domain.includes('.') &&
    !domain.startsWith('.') &&
    !domain.endsWith('.') &&
    !domain.includes('..');
  return ok ? null : 'Enter a valid email address';
}
