/**
 * The body of every error answer. Typed here by hand: the OpenAPI document gives
 * error answers no schema.
 */
export interface ErrorBody {
  error: string;
  code: string;
  details?: Record<string, unknown> | null;
}

/** Field name → message, as sent in `details` of a 422 answer. */
export type FieldErrors = Record<string, string>;

/** Any failed call: an error answer from the server, or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  /** Seconds to wait, from the Retry-After header of a 429. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    body: ErrorBody,
    retryAfter: number | null = null,
  ) {
    super(body.error);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? {};
    this.retryAfter = retryAfter;
  }

  /** Per-field messages of a validation error; empty for every other error. */
  get fieldErrors(): FieldErrors {
    if (this.status !== 422) return {};
    const fields: FieldErrors = {};
    for (const [name, message] of Object.entries(this.details)) {
      if (typeof message === 'string') fields[name] = message;
      else if (Array.isArray(message)) fields[name] = message.map(String).join(' ');
    }
    return fields;
  }
}

/** Reads Retry-After as delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export function tooManyAttemptsMessage(seconds: number | null): string {
  if (seconds === null) return 'Too many attempts, try again later';
  return `Too many attempts, try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong';
}
