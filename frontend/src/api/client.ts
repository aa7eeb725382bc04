import { ApiError, parseRetryAfter, tooManyAttemptsMessage } from './errors';
import type { ErrorBody } from './errors';
import type {
  AdminStats,
  AuthStatus,
  ConfirmationSent,
  EmailConfirmed,
  LoginInput,
  Me,
  PasswordChange,
  ProfileUpdate,
  RegisterInput,
  Session,
  SiteSettings,
  SiteSettingsUpdate,
  User,
  UserQuery,
  UserUpdate,
} from './types';

/**
 * The envelope of every answer with a body. Typed here by hand, in this one place:
 * the OpenAPI document does not describe the envelopes yet.
 */
interface Envelope<T> {
  data: T;
}

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
}

/** The envelope of a list: one page of items and where it sits in the whole. */
export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

/** Called with the signed-in user, or null once the session is gone. */
export type SessionListener = (user: User | null) => void;

/** Where the client remembers, across reloads, that a refresh cookie probably exists. */
export interface HintStore {
  get(): boolean;
  set(present: boolean): void;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Prefix for every path; empty for the same origin. */
  baseUrl?: string;
  /** Refresh this many seconds before the access token expires. */
  refreshMarginSeconds?: number;
  hint?: HintStore;
}

interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Send the bearer token and, on a 401, refresh once and retry. */
  auth?: boolean;
}

const HINT_KEY = 'auth.session-hint';
const REFRESH_LOCK = 'auth.refresh';

/**
 * Keeps a boolean, never a token: it only spares logged-out visitors a refresh
 * call that is bound to fail (auth endpoints are rate limited per IP).
 */
export const localStorageHint: HintStore = {
  get() {
    try {
      return globalThis.localStorage?.getItem(HINT_KEY) === '1';
    } catch {
      return false;
    }
  },
  set(present) {
    try {
      if (present) globalThis.localStorage?.setItem(HINT_KEY, '1');
      else globalThis.localStorage?.removeItem(HINT_KEY);
    } catch {
      // Storage may be disabled; the hint is only an optimisation.
    }
  },
};

/**
 * The one client for the HTTP API. The access token lives only in this object;
 * the refresh token only in the HttpOnly cookie the server sets.
 */
export class ApiClient {
  private readonly fetchFn: typeof fetch;
  private readonly baseUrl: string;
  private readonly marginSeconds: number;
  private readonly hint: HintStore;
  private accessToken: string | null = null;
  private user: User | null = null;
  private refreshInFlight: Promise<Session | null> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<SessionListener>();

  constructor(options: ApiClientOptions = {}) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
    this.marginSeconds = options.refreshMarginSeconds ?? 60;
    this.hint = options.hint ?? localStorageHint;
  }

  /** The signed-in user as last reported by the server, or null. */
  get currentUser(): User | null {
    return this.user;
  }

  /** True when a previous page load signed in and has not signed out since. */
  get mayHaveSession(): boolean {
    return this.hint.get();
  }

  onSessionChange(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- session ----

  /**
   * Trades the refresh cookie for a new session. Calls made while one is under
   * way share it: the server rotates the refresh token on every use, and
   * presenting a rotated one revokes the whole session.
   */
  refreshSession(): Promise<Session | null> {
    if (!this.refreshInFlight) {
      this.refreshInFlight = this.runRefresh().finally(() => {
        this.refreshInFlight = null;
      });
    }
    return this.refreshInFlight;
  }

  private async runRefresh(): Promise<Session | null> {
    const send = async () =>
      (await this.send<Envelope<Session>>('POST', '/api/auth/refresh', { body: {} })).data;
    // Tabs share the cookie, so they also take turns at rotating it.
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    try {
      const session = locks ? await locks.request(REFRESH_LOCK, send) : await send();
      this.startSession(session);
      return session;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        this.endSession();
      }
      return null;
    }
  }

  /** Forgets the session locally, e.g. after the server revoked every session. */
  endSession(): void {
    this.accessToken = null;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.hint.set(false);
    this.emit(null);
  }

  private startSession(session: Session): User {
    this.accessToken = session.access_token;
    this.hint.set(true);
    clearTimeout(this.refreshTimer);
    const delay = Math.max(5, session.expires_in - this.marginSeconds) * 1000;
    this.refreshTimer = setTimeout(() => void this.refreshSession(), delay);
    this.emit(session.user);
    return session.user;
  }

  private emit(user: User | null): void {
    this.user = user;
    for (const listener of this.listeners) listener(user);
  }

  // ---- transport ----

  private async send<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.auth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;

    let response: Response;
    try {
      response = await this.fetchFn(this.url(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'include',
      });
    } catch {
      throw new ApiError(0, { error: 'Could not reach the server', code: 'NETWORK' });
    }

    const text = await response.text();
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }

    if (!response.ok) throw this.toError(response, json);
    return json as T;
  }

  private toError(response: Response, json: unknown): ApiError {
    const body = isErrorBody(json)
      ? json
      : { error: `The server answered with status ${response.status}`, code: 'HTTP_ERROR' };
    if (response.status === 429) {
      const seconds = parseRetryAfter(response.headers.get('Retry-After'));
      return new ApiError(429, { ...body, error: tooManyAttemptsMessage(seconds) }, seconds);
    }
    return new ApiError(response.status, body);
  }

  private url(path: string, query?: CallOptions['query']): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  /** One request; for authenticated calls a 401 leads to one refresh and one retry. */
  private async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const tokenUsed = this.accessToken;
    try {
      return await this.send<T>(method, path, options);
    } catch (error) {
      if (!options.auth || !(error instanceof ApiError) || error.status !== 401) throw error;
      // A wrong current password is a 401 too, but no refresh would change it.
      if (error.code === 'INVALID_CREDENTIALS') throw error;
      // Another call may already have refreshed while this one was in flight.
      const refreshedMeanwhile = this.accessToken !== null && this.accessToken !== tokenUsed;
      if (!refreshedMeanwhile && !(await this.refreshSession())) throw error;
      return this.send<T>(method, path, options);
    }
  }

  private async data<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const body = await this.call<Envelope<T>>(method, path, options);
    return body.data;
  }

  // ---- any authenticated resource, for the product areas (see trajectory.ts) ----

  /** An authenticated call; answers the `data` of the body, or undefined for an empty answer. */
  async request<T>(method: string, path: string, options: Pick<CallOptions, 'body' | 'query'> = {}): Promise<T> {
    const body = await this.call<Envelope<T> | undefined>(method, path, { ...options, auth: true });
    return body?.data as T;
  }

  /** An authenticated list with its `meta`. */
  requestPage<T>(path: string, query: CallOptions['query'] = {}): Promise<Page<T>> {
    return this.call('GET', path, { query, auth: true });
  }

  /**
   * The file behind an authenticated path that redirects to storage (an avatar, an
   * attachment). An <img> or link cannot send the bearer token, and a script cannot
   * read a cross-origin Location, so the browser follows the redirect and the file
   * comes back as a Blob for an object URL. The browser drops the Authorization
   * header at the cross-origin hop; no cookies are sent, so storage needs no
   * credentialed CORS.
   */
  async fetchFile(path: string): Promise<Blob> {
    const attempt = async () => {
      const headers: Record<string, string> = {};
      if (this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
      let response: Response;
      try {
        response = await this.fetchFn(this.url(path), { headers, redirect: 'follow', credentials: 'same-origin' });
      } catch {
        throw new ApiError(0, { error: 'Could not download the file', code: 'NETWORK' });
      }
      if (response.ok) return response.blob();
      let json: unknown;
      try {
        json = await response.json();
      } catch {
        json = undefined;
      }
      throw this.toError(response, json);
    };
    const tokenUsed = this.accessToken;
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const refreshedMeanwhile = this.accessToken !== null && this.accessToken !== tokenUsed;
      if (!refreshedMeanwhile && !(await this.refreshSession())) throw error;
      return attempt();
    }
  }

  // ---- auth ----

  authStatus(): Promise<AuthStatus> {
    return this.data('GET', '/api/auth/status');
  }

  /**
   * Signs the new account in (first administrator, invitation), or answers null
   * on an open site: the account is created once the emailed link is opened.
   */
  async register(input: RegisterInput): Promise<User | null> {
    const answer = await this.data<Session | ConfirmationSent>('POST', '/api/auth/register', { body: input });
    return 'user' in answer ? this.startSession(answer) : null;
  }

  async login(input: LoginInput): Promise<User> {
    return this.startSession(await this.data<Session>('POST', '/api/auth/login', { body: input }));
  }

  /** Revokes the refresh token server-side; the local session ends whatever the answer. */
  async logout(): Promise<void> {
    try {
      await this.send('POST', '/api/auth/logout', { body: {} });
    } finally {
      this.endSession();
    }
  }

  /**
   * The server revokes every session on success, so the caller must end this
   * one (see `endSession`) once it has decided where to send the user.
   */
  async changePassword(input: PasswordChange): Promise<void> {
    await this.call('POST', '/api/auth/password', { body: input, auth: true });
  }

  async requestPasswordReset(email: string): Promise<void> {
    await this.send('POST', '/api/auth/password-reset', { body: { email } });
  }

  async confirmPasswordReset(token: string, newPassword: string): Promise<void> {
    await this.send('POST', '/api/auth/password-reset/confirm', {
      body: { token, new_password: newPassword },
    });
  }

  /** Opens an emailed address confirmation link (registration, verification, new address). */
  verifyEmail(token: string): Promise<EmailConfirmed> {
    return this.data('POST', '/api/auth/verify-email', { body: { token } });
  }

  /** Emails the signed-in account a link that verifies its address. */
  sendVerification(): Promise<ConfirmationSent> {
    return this.data('POST', '/api/auth/verify-email/send', { body: {}, auth: true });
  }

  // ---- me ----

  me(): Promise<Me> {
    return this.data('GET', '/api/me', { auth: true });
  }

  /** A new email address waits in `pending_email` until the link emailed to it is opened. */
  async updateMe(update: ProfileUpdate): Promise<Me> {
    const user = await this.data<Me>('PATCH', '/api/me', { body: update, auth: true });
    this.emit(user);
    return user;
  }

  // ---- admin ----

  listUsers(query: UserQuery = {}): Promise<Page<User>> {
    return this.call('GET', '/api/admin/users', { query: { ...query }, auth: true });
  }

  updateUser(id: string, update: UserUpdate): Promise<User> {
    return this.data('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, {
      body: update,
      auth: true,
    });
  }

  adminStats(): Promise<AdminStats> {
    return this.data('GET', '/api/admin/stats', { auth: true });
  }

  siteSettings(): Promise<SiteSettings> {
    return this.data('GET', '/api/admin/settings', { auth: true });
  }

  updateSiteSettings(update: SiteSettingsUpdate): Promise<SiteSettings> {
    return this.data('PATCH', '/api/admin/settings', { body: update, auth: true });
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).error === 'string' &&
    typeof (value as ErrorBody).code === 'string'
  );
}
