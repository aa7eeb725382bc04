import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeMe, makeSession, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const ada = makeUser();

function withProviders(localLogin: boolean, server = new FakeServer()) {
  return server.on('GET', '/api/auth/oidc/providers', {
    status: 200,
    body: {
      data: {
        local_login: localLogin,
        providers: [
          { slug: 'authentik', display_name: 'Authentik' },
          { slug: 'staff', display_name: 'Staff SSO' },
        ],
      },
    },
  });
}

describe('signing in with an identity provider', () => {
  it('offers each provider as a link that comes back to where the visitor was going', async () => {
    renderApp('/login?next=%2Fchangemaker%2Fshifts', { server: withProviders(true) });

    const providers = await screen.findByRole('navigation', { name: 'Sign in with' });
    const authentik = within(providers).getByRole('link', { name: 'Continue with Authentik' });
    expect(authentik.getAttribute('href')).toBe('/api/auth/oidc/authentik/start?return_to=%2Fchangemaker%2Fshifts');
    expect(within(providers).getByRole('link', { name: 'Continue with Staff SSO' })).toBeTruthy();
    // Password sign-in is on: its form stays.
    expect(screen.getByLabelText('Username or email')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create an account' })).toBeTruthy();
  });

  it('shows only the providers when password sign-in is switched off', async () => {
    renderApp('/login', { server: withProviders(false) });

    expect(await screen.findByRole('link', { name: 'Continue with Authentik' })).toBeTruthy();
    expect(screen.queryByLabelText('Username or email')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Log in' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Create an account' })).toBeNull();
  });

  it('takes up the session the provider’s callback left and moves on', async () => {
    const server = new FakeServer().on('POST', '/api/auth/refresh', { status: 200, body: makeSession(ada) });
    const { location } = renderApp('/sso/done?next=%2Fchangemaker', { server });

    await waitFor(() => expect(location()).toBe('/changemaker'));
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('says why a sign-in was refused, and starts no session', async () => {
    const server = new FakeServer();
    renderApp('/sso/done?error=OIDC_STATE_USED', { server });

    expect((await screen.findByRole('alert')).textContent).toBe(
      'This sign-in was already used. Start again from the sign-in page.',
    );
    expect(screen.getByRole('link', { name: 'Back to sign-in' })).toBeTruthy();
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
  });

  it('links an existing account once its password is given', async () => {
    const server = new FakeServer()
      .on('POST', '/api/auth/oidc/link/describe', {
        status: 200,
        body: {
          data: {
            provider: 'Authentik',
            username: 'ada',
            email: 'ada@example.org',
            return_to: '/trajectory',
            expires_at: '2030-01-01T00:00:00Z',
          },
        },
      })
      .on('POST', '/api/auth/oidc/link/confirm', (call) =>
        (call.body as { password: string }).password === 'Correct-Horse-9'
          ? { status: 200, body: makeSession(ada) }
          : errorReply(401, 'The password is not correct', 'INVALID_CREDENTIALS'),
      )
      .on('POST', '/api/auth/refresh', { status: 200, body: makeSession(ada) });
    const { user, location } = renderApp('/sso/link#ticket=T1', { server });

    expect(await screen.findByText('ada@example.org')).toBeTruthy();
    expect(server.callsTo('POST', '/api/auth/oidc/link/describe')[0].body).toEqual({ ticket: 'T1' });
    await user.type(screen.getByLabelText('Password'), 'Wrong-Horse-9');
    await user.click(screen.getByRole('button', { name: 'Link and sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The password is not correct');

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'Correct-Horse-9');
    await user.click(screen.getByRole('button', { name: 'Link and sign in' }));
    await waitFor(() => expect(location()).toBe('/trajectory'));
  });

  it('says when a link request has lapsed', async () => {
    const server = new FakeServer().on(
      'POST',
      '/api/auth/oidc/link/describe',
      errorReply(400, 'This link request is invalid, already used or expired', 'LINK_REQUEST_INVALID'),
    );
    renderApp('/sso/link#ticket=old', { server });

    expect((await screen.findByRole('alert')).textContent).toContain('already used or expired');
    expect(screen.queryByLabelText('Password')).toBeNull();
  });
});

describe('the profile’s sign-in methods', () => {
  function profileServer(hasPassword: boolean) {
    return new FakeServer()
      .on('GET', '/api/me', { status: 200, body: { data: makeMe(ada) } })
      .on('GET', '/api/auth/oidc/identities', {
        status: 200,
        body: {
          data: {
            has_password: hasPassword,
            local_login: true,
            identities: [
              {
                id: 'i-1',
                provider: 'authentik',
                provider_name: 'Authentik',
                enabled: true,
                email: 'ada@example.org',
                linked_at: '2025-01-01T00:00:00Z',
                last_login_at: null,
              },
            ],
            linkable: [{ slug: 'staff', display_name: 'Staff SSO' }],
          },
        },
      });
  }

  it('unlinks an identity after asking', async () => {
    const server = profileServer(true).on('DELETE', '/api/auth/oidc/identities/i-1', { status: 204 });
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    await user.click(await screen.findByRole('button', { name: 'Unlink Authentik' }));
    await user.click(screen.getByRole('button', { name: 'Yes, unlink Authentik' }));

    await waitFor(() => expect(server.callsTo('DELETE', '/api/auth/oidc/identities/i-1')).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Link Staff SSO' })).toBeTruthy();
  });

  it('does not offer to unlink the only way in', async () => {
    renderApp('/profile', { server: profileServer(false), signedInAs: ada });

    expect(await screen.findByText('Your only way to sign in')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unlink Authentik' })).toBeNull();
  });
});
