/**
 * Helpers for checking a form before it is sent: each check answers a message or
 * null, and `collect` keeps the messages, keyed by the API's field names, for
 * `useSubmit().run`. The checks of one area live in that area (`auth/validation.ts`,
 * `trajectory/validation.ts`), in the server's words.
 */
import type { FieldErrors } from '../api/errors';

/** The message when nothing but white space was typed. */
export function required(value: string, message: string): string | null {
  return value.trim() ? null : message;
}

/** Keeps only the fields that have a problem. */
export function collect(problems: Record<string, string | null>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, problem] of Object.entries(problems)) {
    if (problem) errors[field] = problem;
  }
  return errors;
}

/** A comma-separated list in one input, e.g. vaccines or tags. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
