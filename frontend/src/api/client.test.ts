import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from './client';
import { ApiError } from './errors';
import type { User } from './types';
import { FakeServer, deferred, errorReply, makeSession, makeUser, memoryHint, type Reply } from '../test/fakeServer';

const ada = makeUser();
const expired = errorReply(401, 'Token expired', 'UNAUTHORIZED');

/** A server where the access token `valid` is accepted and refresh hands out `valid`. */
function serverWithRefresh(refresh: () => Reply | Promise<Reply> = () => ({ status: 200, body: makeSession(ada, 'valid') })) {
  const server = new FakeServer()
    .on('POST', '/api/auth/login', { status: 200, body: makeSession(ada, 'stale') })
    .on('POST', '/api/auth/refresh', refresh);
  const guarded = (body: unknown) => (call: { authorization: string | null }) =>
    call.authorization === 'Bearer valid' ? { status: 200, body } : expired;
  server
    .on('GET', '/api/me', guarded({ data: ada }))
    .on('GET', '/api/admin/stats', guarded({ data: { users_total: 1 } }))
    .on('GET', '/api/admin/settings', guarded({ data: { registration: 'open' } }));
  return server;
}

async function signedInClient(server: FakeServer) {
  const hint = memoryHint();
  const api = new ApiClient({ fetch: server.fetch, hint });
  await api.login({ login: 'ada', password: 'Correct-horse-1' });
  return { api, hint };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ApiClient', () => {
  it('sends the bearer token and unwraps the data envelope', async () => {
    const server = new FakeServer()
      .on('POST', '/api/auth/login', { status: 200, body: makeSession(ada, 'valid') })
      .on('GET', '/api/me', { status: 200, body: { data: ada } });
    const { api } = await signedInClient(server);

    await expect(api.me()).resolves.toEqual(ada);
    expect(server.callsTo('GET', '/api/me')[0].authorization).toBe('Bearer valid');
  });

  it('after a 401 refreshes once and retries the request once with the new token', async () => {
    const server = serverWithRefresh();
    const { api } = await signedInClient(server);

    await expect(api.me()).resolves.toEqual(ada);

    const sequence = server.calls.map((c) => `${c.method} ${c.path} ${c.authorization ?? ''}`.trim());
    expect(sequence).toEqual([
      'POST /api/auth/login',
      'GET /api/me Bearer stale',
      'POST /api/auth/refresh',
      'GET /api/me Bearer valid',
    ]);
    const refresh = server.callsTo('POST', '/api/auth/refresh')[0];
    expect(refresh.body).toEqual({});
    expect(refresh.credentials).toBe('include');
  });

  it('gives up after one retry when the server still answers 401', async () => {
    const server = serverWithRefresh().on('GET', '/api/me', expired);
    const { api } = await signedInClient(server);

    const error = await api.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(server.callsTo('GET', '/api/me')).toHaveLength(2);
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('shares one refresh call between concurrent 401s', async () => {
    const gate = deferred<Reply>();
    const server = serverWithRefresh(() => gate.promise);
    const { api } = await signedInClient(server);

    const results = Promise.all([api.me(), api.adminStats(), api.siteSettings()]);
    // Let all three requests come back 401 while the refresh is still held open.
    await vi.waitFor(() => expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 10));
    gate.resolve({ status: 200, body: makeSession(ada, 'valid') });

    await expect(results).resolves.toEqual([ada, { users_total: 1 }, { registration: 'open' }]);
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(server.callsTo('GET', '/api/me').map((c) => c.authorization)).toEqual(['Bearer stale', 'Bearer valid']);
  });

  it('retries without a second refresh when another call already refreshed', async () => {
    const slowStale = deferred<Reply>();
    const server = serverWithRefresh();
    server.on('GET', '/api/admin/settings', (call) =>
      call.authorization === 'Bearer valid' ? { status: 200, body: { data: { registration: 'open' } } } : slowStale.promise,
    );
    const { api } = await signedInClient(server);

    const settings = api.siteSettings();
    await expect(api.me()).resolves.toEqual(ada);
    slowStale.resolve(expired);

    await expect(settings).resolves.toEqual({ registration: 'open' });
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh is refused', async () => {
    const server = serverWithRefresh(() => errorReply(401, 'Session expired', 'UNAUTHORIZED'));
    const { api, hint } = await signedInClient(server);
    const seen: Array<User | null> = [];
    api.onSessionChange((user) => seen.push(user));

    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual([null]);
    expect(api.currentUser).toBeNull();
    expect(hint.get()).toBe(false);
  });

  it('never sends the refresh token from the body; the cookie carries it', async () => {
    const server = serverWithRefresh();
    const { api } = await signedInClient(server);
    await api.refreshSession();
    await api.refreshSession();

    for (const call of server.callsTo('POST', '/api/auth/refresh')) {
      expect(call.body).toEqual({});
      expect(JSON.stringify(call)).not.toContain('refresh-in-body-that-must-be-ignored');
    }
    expect(JSON.stringify({ ...localStorage })).not.toContain('refresh-in-body');
  });

  it('refreshes shortly before the access token expires', async () => {
    vi.useFakeTimers();
    const server = serverWithRefresh();
    await signedInClient(server);

    await vi.advanceTimersByTimeAsync(830_000);
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('does not refresh for a wrong login', async () => {
    const server = new FakeServer().on(
      'POST',
      '/api/auth/login',
      errorReply(401, 'Invalid username or password', 'INVALID_CREDENTIALS'),
    );
    const api = new ApiClient({ fetch: server.fetch, hint: memoryHint() });

    await expect(api.login({ login: 'ada', password: 'nope' })).rejects.toThrow('Invalid username or password');
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
  });

  it('turns a 429 into a message with the Retry-After delay', async () => {
    const server = new FakeServer().on('POST', '/api/auth/login', {
      status: 429,
      headers: { 'Retry-After': '42' },
      body: { error: 'Rate limited', code: 'RATE_LIMITED', details: {} },
    });
    const api = new ApiClient({ fetch: server.fetch, hint: memoryHint() });

    const error = (await api.login({ login: 'a', password: 'b' }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(42);
    expect(error.message).toBe('Too many attempts, try again in 42 seconds');
  });

  it('exposes 422 details as field errors', async () => {
    const server = new FakeServer().on(
      'POST',
      '/api/auth/register',
      errorReply(422, 'Validation failed', 'VALIDATION', { username: 'Username is taken' }),
    );
    const api = new ApiClient({ fetch: server.fetch, hint: memoryHint() });

    const error = (await api
      .register({ username: 'ada', email: 'a@b.c', password: 'x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('VALIDATION');
    expect(error.fieldErrors).toEqual({ username: 'Username is taken' });
  });

  it('reports an unreachable server as status 0', async () => {
    const api = new ApiClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      hint: memoryHint(),
    });
    await expect(api.authStatus()).rejects.toMatchObject({ status: 0, message: 'Could not reach the server' });
  });

  it('builds list queries and keeps the meta of lists', async () => {
    const page = { data: [ada], meta: { page: 2, limit: 20, total: 21 } };
    const server = new FakeServer()
      .on('POST', '/api/auth/login', { status: 200, body: makeSession(ada, 'valid') })
      .on('GET', '/api/admin/users', { status: 200, body: page });
    const { api } = await signedInClient(server);

    await expect(api.listUsers({ page: 2, limit: 20, q: 'ad a' })).resolves.toEqual(page);
    const query = server.callsTo('GET', '/api/admin/users')[0].query;
    expect(Object.fromEntries(query)).toEqual({ page: '2', limit: '20', q: 'ad a' });
  });
});
