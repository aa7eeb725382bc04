/**
 * Single sign-on with the site's identity providers (`/api/auth/oidc/*`), on
 * top of the one ApiClient. Signing in at a provider is a browser navigation:
 * the server answers the start with a redirect to the provider, and the
 * provider's answer with a redirect back to `/sso/done` (signed in, with the
 * refresh cookie set) or `/sso/link` (an existing account's password is needed).
 */
import type { ApiClient } from '../api/client';
import type { Schemas, User } from '../api/types';

export type SignInOptions = Schemas['SignInOptions'];
export type ProviderChoice = Schemas['ProviderChoice'];
export type LinkRequest = Schemas['LinkRequestView'];
/** `email` is null when the provider gave no address. */
export type SignInMethods = Schemas['SignInMethods'];
export type LinkedIdentity = Schemas['LinkedIdentity'];

const id = encodeURIComponent;

/** Where the browser goes to sign in with `slug`, coming back to `next`. */
export function startUrl(slug: string, next: string): string {
  return `/api/auth/oidc/${id(slug)}/start?return_to=${id(next)}`;
}

/** What each refusal code of the flow means to the person signing in. */
const MESSAGES: Record<string, string> = {
  OIDC_UNKNOWN_PROVIDER: 'This sign-in option is not available any more.',
  OIDC_PROVIDER_UNAVAILABLE: 'The identity provider could not be reached. Try again in a moment.',
  OIDC_ACCESS_DENIED: 'The sign-in was cancelled at the identity provider.',
  OIDC_PROVIDER_ERROR: 'The identity provider could not sign you in.',
  OIDC_STATE_INVALID: 'This sign-in link is not valid. Start again from the sign-in page.',
  OIDC_STATE_MISMATCH: 'This sign-in was started in another browser or tab. Start again from here.',
  OIDC_STATE_USED: 'This sign-in was already used. Start again from the sign-in page.',
  OIDC_STATE_EXPIRED: 'The sign-in took too long. Start again from the sign-in page.',
  OIDC_ISSUER_MISMATCH: 'The answer came from another identity provider. Start again.',
  OIDC_CODE_MISSING: 'The identity provider sent no sign-in code. Start again.',
  OIDC_CODE_REFUSED: 'The identity provider refused to finish the sign-in. Start again.',
  OIDC_TOKEN_INVALID: 'The identity provider’s answer could not be verified, so you were not signed in.',
  OIDC_NONCE_MISMATCH: 'The identity provider’s answer belongs to another sign-in, so you were not signed in.',
  OIDC_NO_ACCOUNT: 'There is no account for you here yet. Ask an administrator to invite you.',
  OIDC_EMAIL_REQUIRED: 'The identity provider did not share your email address, which an account here needs.',
  OIDC_EMAIL_IN_USE:
    'An account with this email address already exists. Sign in with its password, then link the provider from your profile.',
  OIDC_ACCOUNT_HAS_NO_PASSWORD:
    'An account with this email address exists but has no password yet. Set one with “Forgot your password?”, then try again.',
  OIDC_IDENTITY_IN_USE: 'This identity is already linked to another account.',
  OIDC_ALREADY_LINKED: 'Your account is already linked to this identity provider.',
  ACCOUNT_DISABLED: 'This account is disabled.',
};

/** A sentence for a refusal code, with a fallback for codes this page does not know. */
export function ssoErrorMessage(code: string): string {
  return MESSAGES[code] ?? 'The sign-in did not go through. Start again from the sign-in page.';
}

/** The endpoints of single sign-on a browser uses. */
export class SsoApi {
  constructor(private readonly api: ApiClient) {}

  /** The enabled providers, and whether the password form is offered. */
  options(): Promise<SignInOptions> {
    return this.api.request('GET', '/api/auth/oidc/providers');
  }

  describeLink(ticket: string): Promise<LinkRequest> {
    return this.api.request('POST', '/api/auth/oidc/link/describe', { body: { ticket } });
  }

  /**
   * Links the provider identity to the account whose password is given. The
   * server sets the refresh cookie; the session is taken up from it.
   */
  async confirmLink(ticket: string, password: string): Promise<User> {
    await this.api.request('POST', '/api/auth/oidc/link/confirm', { body: { ticket, password } });
    return this.takeUpSession();
  }

  /** The session a provider's callback left in the refresh cookie. */
  async takeUpSession(): Promise<User> {
    const session = await this.api.refreshSession();
    if (!session) throw new Error('The sign-in could not be finished. Start again from the sign-in page.');
    return session.user;
  }

  methods(): Promise<SignInMethods> {
    return this.api.request('GET', '/api/auth/oidc/identities');
  }

  /** Where to send the browser to link `slug` to the signed-in account. */
  async linkUrl(slug: string, returnTo = '/profile'): Promise<string> {
    const started = await this.api.request<Schemas['LinkStarted']>('POST', `/api/auth/oidc/${id(slug)}/link`, {
      body: { return_to: returnTo },
    });
    return started.authorization_url;
  }

  unlink(identityId: string): Promise<void> {
    return this.api.request('DELETE', `/api/auth/oidc/identities/${id(identityId)}`);
  }
}
