import { useEffect, useRef } from 'react';
import type { FieldErrors } from '../api/errors';

/**
 * Long forms on a phone: after a failed save, brings the problem into view — the
 * form's alert when there is one, else the first invalid field, which gets focus.
 */
export function useRevealErrors(error: string | null, fieldErrors: FieldErrors) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const form = ref.current;
    if (!form) return;
    const target = error
      ? form.querySelector<HTMLElement>('[role="alert"]')
      : form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!target) return;
    if (!error) {
      // A group of choices is marked as a whole; its first choice takes the focus.
      const field = target.matches('input, select, textarea') ? target : target.querySelector<HTMLElement>('input, select, textarea');
      field?.focus({ preventScroll: true });
    }
    target.scrollIntoView?.({ block: 'center' });
  }, [error, fieldErrors]);
  return ref;
}
