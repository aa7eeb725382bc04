import type { HintStore } from '../api/client';
import type { Me, Preferences, Role, Session, User } from '../api/types';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
  credentials: RequestCredentials | undefined;
}

type Handler = (call: RecordedCall) => Reply | Promise<Reply>;

/**
 * A stand-in for the HTTP API: tests register answers per "METHOD /path" and
 * hand `fetch` to the ApiClient. Every request is recorded in `calls`.
 */
export class FakeServer {
  readonly calls: RecordedCall[] = [];
  private readonly routes = new Map<string, Handler>();

  on(method: string, path: string, reply: Reply | Handler): this {
    this.routes.set(`${method} ${path}`, typeof reply === 'function' ? reply : () => reply);
    return this;
  }

  callsTo(method: string, path: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  readonly fetch: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input), 'http://app.test');
    const headers = new Headers(init.headers);
    const call: RecordedCall = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('Authorization'),
      credentials: init.credentials,
    };
    this.calls.push(call);
    const handler = this.routes.get(`${call.method} ${call.path}`);
    const reply = handler
      ? await handler(call)
      : { status: 404, body: { error: 'Not found', code: 'NOT_FOUND' } };
    const text = reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(text, {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  };
}

/** A hint store that lives only as long as the test. */
export function memoryHint(initial = false): HintStore {
  let present = initial;
  return {
    get: () => present,
    set: (value) => {
      present = value;
    },
  };
}

/** The preferences of a new account, with `overrides`. */
export function makePreferences(overrides: Partial<Preferences> = {}): Preferences {
  return { units: 'metric', theme: 'system', date_format: 'auto', ...overrides };
}

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'ada',
    email: 'ada@example.org',
    display_name: 'Ada Lovelace',
    role: 'USER' as Role,
    disabled: false,
    preferences: makePreferences(),
    created_at: '2024-05-01T10:00:00Z',
    ...overrides,
  };
}

/** `GET /api/me`: the user with a confirmed address and no change waiting, unless overridden. */
export function makeMe(user: User, overrides: Partial<Me> = {}): Me {
  return { ...user, email_verified_at: '2024-05-01T10:05:00Z', pending_email: null, ...overrides };
}

export function makeSession(user: User, accessToken = 'token-1'): { data: Session } {
  return {
    data: {
      user,
      access_token: accessToken,
      refresh_token: 'refresh-in-body-that-must-be-ignored',
      token_type: 'Bearer',
      expires_in: 900,
    },
  };
}

export function errorReply(status: number, error: string, code: string, details?: Record<string, string>): Reply {
  return { status, body: { error, code, details: details ?? {} } };
}

/** A promise with its resolve exposed, to hold a reply until the test lets it go. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
