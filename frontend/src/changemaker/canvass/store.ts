/**
 * Where the canvass queue keeps its records on the phone: a few named stores
 * of keyed values, behind a narrow interface so the queue's rules can be
 * tested with the in-memory store. In the browser it is IndexedDB (a small
 * promise wrapper, no library), so the walk and its waiting visits survive a
 * reload or a closed tab; logging out deletes it (`forgetCanvass`).
 */

/** The stores: the kept walk and pending end (`state`), waiting visits and track points, rejected visits. */
export type StoreName = 'state' | 'visits' | 'points' | 'rejected';

const STORES: readonly StoreName[] = ['state', 'visits', 'points', 'rejected'];

/** One write of a batch: a value put under its key, or the key deleted. */
export type Change = { store: StoreName; key: string; value: unknown } | { store: StoreName; key: string; remove: true };

export interface QueueStorage {
  get<T>(store: StoreName, key: string): Promise<T | undefined>;
  /** Every value of a store, in key order. */
  all<T>(store: StoreName): Promise<T[]>;
  /** Applies every change or none. */
  write(changes: readonly Change[]): Promise<void>;
  /** Empties every store. */
  clear(): Promise<void>;
}

/** A store that lives as long as the page: for tests, and browsers without IndexedDB. */
export function memoryStorage(): QueueStorage {
  const stores = new Map<StoreName, Map<string, unknown>>(STORES.map((s) => [s, new Map()]));
  const store = (name: StoreName) => stores.get(name) as Map<string, unknown>;
  // Values are copied in and out, as IndexedDB's structured clone does, so no caller shares an object with the store.
  const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
  return {
    async get<T>(name: StoreName, key: string) {
      return copy(store(name).get(key) as T | undefined);
    },
    async all<T>(name: StoreName) {
      const entries = [...store(name).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return entries.map(([, value]) => copy(value as T));
    },
    async write(changes) {
      for (const change of changes) {
        if ('remove' in change) store(change.store).delete(change.key);
        else store(change.store).set(change.key, copy(change.value));
      }
    },
    async clear() {
      for (const s of stores.values()) s.clear();
    },
  };
}

const DB_NAME = 'canvass';
const DB_VERSION = 1;

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function finished(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('The canvass store refused the change'));
  });
}

function open(): Promise<IDBDatabase> {
  const request = indexedDB.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = () => {
    for (const name of STORES) {
      if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
    }
  };
  return done(request);
}

/** The queue's stores in IndexedDB; the connection opens on first use and closes when logout deletes the database. */
export function indexedDbStorage(): QueueStorage {
  let connection: Promise<IDBDatabase> | null = null;
  const db = () => {
    connection ??= open().then((opened) => {
      // Logout deletes the database: let it, and open a fresh one next time.
      opened.onversionchange = () => {
        opened.close();
        connection = null;
      };
      return opened;
    });
    return connection;
  };
  return {
    async get<T>(store: StoreName, key: string) {
      const tx = (await db()).transaction(store, 'readonly');
      return (await done(tx.objectStore(store).get(key))) as T | undefined;
    },
    async all<T>(store: StoreName) {
      const tx = (await db()).transaction(store, 'readonly');
      return (await done(tx.objectStore(store).getAll())) as T[];
    },
    async write(changes) {
      if (changes.length === 0) return;
      const names = [...new Set(changes.map((c) => c.store))];
      const tx = (await db()).transaction(names, 'readwrite');
      for (const change of changes) {
        const store = tx.objectStore(change.store);
        if ('remove' in change) store.delete(change.key);
        else store.put(change.value, change.key);
      }
      await finished(tx);
    },
    async clear() {
      const tx = (await db()).transaction([...STORES], 'readwrite');
      for (const name of STORES) tx.objectStore(name).clear();
      await finished(tx);
    },
  };
}

/** The page's memory, where IndexedDB is missing; kept here so logout empties it too. */
let pageMemory: QueueStorage | null = null;

/** IndexedDB where the browser has it, else the page's memory (the walk then lasts until a reload). */
export function defaultStorage(): QueueStorage {
  if (typeof indexedDB !== 'undefined') return indexedDbStorage();
  pageMemory ??= memoryStorage();
  return pageMemory;
}

/** How many recorded visits wait on this device for a sync (0 when canvassing kept nothing). */
export async function waitingVisits(): Promise<number> {
  try {
    return (await defaultStorage().all('visits')).length;
  } catch {
    return 0;
  }
}

/** Deletes everything canvassing kept on this device (on logout: the device may be shared). */
export function forgetCanvass(): Promise<void> {
  if (typeof indexedDB === 'undefined') return pageMemory?.clear() ?? Promise.resolve();
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    // Nothing to do on failure: there is no one left to tell.
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
