/**
 * The canvass queue as the screens use it: the page's one `CanvassQueue`, its
 * state re-read after every change, the connection, and the syncs it starts
 * on its own (when the phone comes back online, on an interval while
 * anything waits) or on demand ("Sync now").
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { CanvassQueue, type QueueState, type SyncApi } from './queue';
import { defaultStorage } from './store';

/** How often a waiting queue tries again while the phone says it is online. */
export const SYNC_EVERY_MS = 15_000;

let shared: CanvassQueue | null = null;

/** The page's one queue, over IndexedDB. */
export function canvassQueue(): CanvassQueue {
  shared ??= new CanvassQueue(defaultStorage());
  return shared;
}

export interface QueueView {
  queue: CanvassQueue;
  /** Null until first read. */
  state: QueueState | null;
  online: boolean;
  syncing: boolean;
  /** Why the last sync did not go through; null after one that did. */
  error: string | null;
  /** Sends what waits now (nothing without a server to send to). */
  syncNow(): Promise<void>;
}

/** Whether anything waits for a sync: visits, track points or the end of a session. */
export function hasWaiting(state: QueueState | null): boolean {
  return Boolean(state && (state.waiting.length > 0 || state.points > 0 || state.ending));
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** The queue, its state and its syncs; `api` is null while there is no signed-in session to send with. */
export function useCanvassQueue(api: SyncApi | null, queue: CanvassQueue = canvassQueue()): QueueView {
  const [state, setState] = useState<QueueState | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const online = useOnline();
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    const read = () =>
      void queue.state().then(
        (read) => mounted.current && setState(read),
        (caught: unknown) => mounted.current && setError(errorMessage(caught)),
      );
    read();
    const stop = queue.subscribe(read);
    return () => {
      mounted.current = false;
      stop();
    };
  }, [queue]);

  const syncNow = useCallback(async () => {
    if (!api) return;
    setSyncing(true);
    try {
      await queue.sync(api);
      if (mounted.current) setError(null);
    } catch (caught) {
      if (mounted.current) setError(errorMessage(caught));
    } finally {
      if (mounted.current) setSyncing(false);
    }
  }, [api, queue]);

  // Back online, on opening, and every little while as long as something waits.
  const waiting = hasWaiting(state);
  useEffect(() => {
    if (!online || !waiting || !api) return;
    void syncNow();
    const timer = setInterval(() => void syncNow(), SYNC_EVERY_MS);
    return () => clearInterval(timer);
  }, [online, waiting, api, syncNow]);

  return { queue, state, online, syncing, error, syncNow };
}
