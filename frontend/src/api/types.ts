/**
 * Names for the account and admin shapes of the HTTP API, taken from the types
 * generated from the OpenAPI document (`schema.ts`). Where the document says less
 * than the server sends, the name is narrowed here and the reason given; the
 * `{data}` / `{data, meta}` envelopes are typed in `client.ts`, errors in `errors.ts`.
 */
import type { components } from './schema';
import { roleValues } from './schema';

/** The document's component schemas, by name. */
export type Schemas = components['schemas'];

/**
 * `T` with the keys `K` always present. The server serialises an empty `Option`
 * as `null`, while the document marks such fields optional.
 */
export type Sent<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };

/** Every role, in the order the admin pages list them. */
export const ROLES = roleValues;

export type Role = Schemas['Role'];

export type Units = Schemas['Units'];

export type Preferences = Schemas['Preferences'];

export type User = Schemas['UserView'];

/** The signed-in user with the state of their address (`GET|PATCH /api/me`). */
export type Me = Sent<Schemas['Me'], 'email_verified_at' | 'pending_email'>;

/**
 * Returned by register, login and refresh. The refresh token is set as an HttpOnly
 * cookie; the server leaves `refresh_token` null for browsers (and the SPA would
 * ignore it anyway). `token_type` is always `Bearer`.
 */
export type Session = Omit<Schemas['Session'], 'token_type'> & { token_type: 'Bearer' };

export type Registration = Schemas['RegistrationMode'];

export type AuthStatus = Schemas['Status'];

export type RegisterInput = Schemas['RegisterRequest'];

/** The answer of a request whose next step is a link in an email. */
export type ConfirmationSent = Schemas['ConfirmationSent'];

/** What opening an address confirmation link did. */
export type EmailConfirmed = Schemas['EmailConfirmed'];

export type LoginInput = Schemas['LoginRequest'];

export type PasswordChange = Schemas['ChangePassword'];

export type ProfileUpdate = Schemas['UpdateMe'];

export type UserUpdate = Schemas['UpdateUser'];

/**
 * The query of the admin's user list. Written here because the document places
 * these parameters in the path and marks them all required.
 */
export interface UserQuery {
  page?: number;
  limit?: number;
  /** Matches username, email or display name. */
  q?: string;
}

/** The admin dashboard's counts; `users_by_role` has a key only for roles that have users. */
export type AdminStats = Omit<Schemas['Stats'], 'users_by_role'> & {
  users_by_role: Partial<Record<Role, number>>;
};

export type SiteSettings = Schemas['Settings'];

export type SiteSettingsUpdate = Schemas['SettingsUpdate'];
