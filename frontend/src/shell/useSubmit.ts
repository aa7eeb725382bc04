import { useCallback, useRef, useState } from 'react';
import { ApiError, errorMessage, type FieldErrors } from '../api/errors';

export interface SubmitState {
  pending: boolean;
  /** The message for the whole form, if any. */
  error: string | null;
  /** Messages to show next to fields, keyed by the API's field name. */
  fieldErrors: FieldErrors;
  /**
   * Runs `action` unless `clientErrors` has entries (then shows those instead).
   * Resolves to true when the action succeeded.
   */
  run(action: () => Promise<void>, clientErrors?: FieldErrors): Promise<boolean>;
}

/**
 * Pending, error and per-field state for one form. Validation details for
 * fields the form does not show (`fieldNames`) are folded into the form error,
 * so no message from the server is ever dropped.
 */
export function useSubmit(fieldNames: readonly string[]): SubmitState {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const inFlight = useRef(false);
  const known = useRef(fieldNames);
  known.current = fieldNames;

  const run = useCallback(async (action: () => Promise<void>, clientErrors: FieldErrors = {}) => {
    if (inFlight.current) return false;
    if (Object.keys(clientErrors).length > 0) {
      setFieldErrors(clientErrors);
      setError(null);
      return false;
    }
    inFlight.current = true;
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      await action();
      return true;
    } catch (caught) {
      const { fields, message } = splitError(caught, known.current);
      setFieldErrors(fields);
      setError(message);
      return false;
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, []);

  return { pending, error, fieldErrors, run };
}

function splitError(caught: unknown, fieldNames: readonly string[]) {
  const all = caught instanceof ApiError ? caught.fieldErrors : {};
  const fields: FieldErrors = {};
  const others: string[] = [];
  for (const [name, message] of Object.entries(all)) {
    if (fieldNames.includes(name)) fields[name] = message;
    else others.push(message);
  }
  const hasFields = Object.keys(fields).length > 0;
  const message = others.length > 0 ? others.join(' ') : hasFields ? null : errorMessage(caught);
  return { fields, message };
}
