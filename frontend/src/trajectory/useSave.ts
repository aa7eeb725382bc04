import { useCallback, useState } from 'react';
import { ApiError, type FieldErrors } from '../api/errors';
import { useSubmit, type SubmitState } from '../shell/useSubmit';

export interface SaveState extends SubmitState {
  /** The server said someone else changed the record since it was opened (409 STALE). */
  stale: boolean;
}

/** useSubmit, plus whether the last save failed because the record was stale. */
export function useSave(fieldNames: readonly string[]): SaveState {
  const submit = useSubmit(fieldNames);
  const [stale, setStale] = useState(false);
  const { run: runSubmit } = submit;
  const run = useCallback(
    (action: () => Promise<void>, clientErrors?: FieldErrors) =>
      runSubmit(async () => {
        setStale(false);
        try {
          await action();
        } catch (caught) {
          if (caught instanceof ApiError && caught.code === 'STALE') setStale(true);
          throw caught;
        }
      }, clientErrors),
    [runSubmit],
  );
  return { ...submit, run, stale };
}
