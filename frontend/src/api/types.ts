/** Types mirroring the JSON bodies of the HTTP API (snake_case, as sent). */

export const ROLES = [
  'SUPER_ADMIN',
  'INFLUENCE_ADMIN',
  'MAP_ADMIN',
  'MEDIA_ADMIN',
  'PAGES_ADMIN',
  'PAYMENTS_ADMIN',
  'SMS_ADMIN',
  'PEOPLE_ADMIN',
  'SOCIAL_ADMIN',
  'USER',
  'TEMP',
] as const;

export type Role = (typeof ROLES)[number];

export type Units = 'metric' | 'imperial';

export interface Preferences {
  units: Units;
}

export interface User {
  id: string;
  username: string;
  email: string;
  display_name: string | null;
  role: Role;
  disabled: boolean;
  preferences: Preferences;
  created_at: string;
}

/** Returned by register, login and refresh. */
export interface Session {
  user: User;
  access_token: string;
  /** Also set as an HttpOnly cookie; the SPA ignores this field on purpose. */
  refresh_token?: string;
  token_type: 'Bearer';
  /** Lifetime of the access token in seconds. */
  expires_in: number;
}

export type Registration = 'open' | 'invite_only' | 'closed';

export interface AuthStatus {
  needs_setup: boolean;
  registration: Registration;
}

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
  display_name?: string;
  setup_token?: string;
  invite_token?: string;
}

export interface LoginInput {
  /** Username or email. */
  login: string;
  password: string;
}

export interface PasswordChange {
  current_password: string;
  new_password: string;
}

export interface ProfileUpdate {
  display_name?: string;
  email?: string;
  preferences?: Partial<Preferences>;
}

export interface UserUpdate {
  role?: Role;
  disabled?: boolean;
}

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
}

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

export interface UserQuery {
  page?: number;
  limit?: number;
  q?: string;
}

export interface AdminStats {
  users_total: number;
  users_by_role: Partial<Record<Role, number>>;
  users_disabled: number;
  active_sessions: number;
  emails_sent: number;
  outbox_pending: number;
}

export interface SiteSettings {
  registration: Registration;
}

/** The body of every error response. */
export interface ErrorBody {
  error: string;
  code: string;
  details?: Record<string, unknown> | null;
}
