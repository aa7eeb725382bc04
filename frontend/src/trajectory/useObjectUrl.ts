import { useEffect, useState } from 'react';
import { errorMessage } from '../api/errors';

export interface ObjectUrlState {
  url: string | null;
  blob: Blob | null;
  error: string | null;
  loading: boolean;
}

/**
 * Loads a file (e.g. an avatar behind the API's authenticated redirect) and
 * offers it as an object URL, revoked when the file changes or the component goes.
 * `load` null means nothing to load.
 */
export function useObjectUrl(load: (() => Promise<Blob>) | null, key: string): ObjectUrlState {
  const [state, setState] = useState<ObjectUrlState>({ url: null, blob: null, error: null, loading: Boolean(load) });

  useEffect(() => {
    if (!load) {
      setState({ url: null, blob: null, error: null, loading: false });
      return;
    }
    let active = true;
    let url: string | null = null;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (blob) => {
        if (!active) return;
        url = URL.createObjectURL(blob);
        setState({ url, blob, error: null, loading: false });
      },
      (caught: unknown) => {
        if (active) setState({ url: null, blob: null, error: errorMessage(caught), loading: false });
      },
    );
    return () => {
      active = false;
      if (url) URL.revokeObjectURL(url);
    };
    // `key` names the file; `load` is a new closure on every render.
  }, [key, Boolean(load)]);

  return state;
}
