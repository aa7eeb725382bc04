import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { errorMessage } from '../api/errors';

export interface LoadState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
  /** Replace the loaded value, e.g. with what a save returned. */
  setData(data: T): void;
}

/** Loads data for a page; answers to superseded loads are ignored. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): LoadState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const id = ++latest.current;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        if (id !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (caught: unknown) => {
        if (id !== latest.current) return;
        setError(errorMessage(caught));
        setLoading(false);
      },
    );
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
