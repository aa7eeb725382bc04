import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const root = makeUser({ id: 'u-root', username: 'root', role: 'SUPER_ADMIN' });

const authentik = {
  id: 'p-1',
  slug: 'authentik',
  display_name: 'Authentik',
  issuer: 'https://auth.example.org/application/o/fleet/',
  client_id: 'fleet',
  client_secret_set: true,
  scopes: 'openid email profile',
  auto_register: false,
  enabled: true,
  redirect_uri: 'https://app.example.org/api/auth/oidc/authentik/callback',
  linked_accounts: 3,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
};

function server(providers: unknown[] = [authentik]) {
  return new FakeServer()
    .on('GET', '/api/admin/users', { status: 200, body: { data: [root], meta: { page: 1, limit: 20, total: 1 } } })
    .on('GET', '/api/admin/stats', {
      status: 200,
      body: {
        data: { users_total: 1, users_by_role: {}, users_disabled: 0, active_sessions: 1, emails_sent: 0, outbox_pending: 0 },
      },
    })
    .on('GET', '/api/admin/settings', {
      status: 200,
      body: { data: { registration: 'open', daily_email_cap: 2000, local_login: true } },
    })
    .on('GET', '/api/admin/oidc-providers', { status: 200, body: { data: providers } });
}

function ssoCard() {
  return within(screen.getByRole('region', { name: 'Single sign-on' }));
}

describe('single sign-on settings', () => {
  it('lists the providers with their redirect URI and whether a secret is set, never the secret', async () => {
    renderApp('/admin', { server: server(), signedInAs: root });

    expect(await screen.findByText('https://app.example.org/api/auth/oidc/authentik/callback')).toBeTruthy();
    const card = ssoCard();
    expect(card.getByText(/client secret set/)).toBeTruthy();
    expect(card.getByText(/3 linked accounts/)).toBeTruthy();
  });

  it('says so when there is no provider yet', async () => {
    renderApp('/admin', { server: server([]), signedInAs: root });
    expect(await screen.findByText('No identity providers yet.')).toBeTruthy();
  });

  it('adds a provider, sending the secret only when one is typed', async () => {
    const app = server([]).on('POST', '/api/admin/oidc-providers', (call) => ({
      status: 201,
      body: { data: { ...authentik, ...(call.body as object) } },
    }));
    const { user } = renderApp('/admin', { server: app, signedInAs: root });

    await user.click(await screen.findByRole('button', { name: 'Add a provider' }));
    const form = within(screen.getByRole('form', { name: 'Add a provider' }));
    await user.type(form.getByLabelText('Name on the sign-in page'), 'Authentik');
    await user.type(form.getByLabelText(/Short name/), 'authentik');
    expect(form.getByText(/\/api\/auth\/oidc\/authentik\/callback/)).toBeTruthy();
    await user.type(form.getByLabelText('Issuer URL'), 'https://auth.example.org/application/o/fleet/');
    await user.type(form.getByLabelText('Client ID'), 'fleet');
    await user.type(form.getByLabelText('Client secret'), 's3cret');
    await user.click(form.getByRole('button', { name: 'Add provider' }));

    await waitFor(() => expect(app.callsTo('POST', '/api/admin/oidc-providers')).toHaveLength(1));
    expect(app.callsTo('POST', '/api/admin/oidc-providers')[0].body).toEqual({
      slug: 'authentik',
      display_name: 'Authentik',
      issuer: 'https://auth.example.org/application/o/fleet/',
      client_id: 'fleet',
      client_secret: 's3cret',
      scopes: 'openid email profile',
      auto_register: false,
      enabled: true,
    });
  });

  it('edits a provider without sending the secret it keeps', async () => {
    const app = server().on('PATCH', '/api/admin/oidc-providers/p-1', (call) => ({
      status: 200,
      body: { data: { ...authentik, ...(call.body as object) } },
    }));
    const { user } = renderApp('/admin', { server: app, signedInAs: root });

    await user.click(await screen.findByRole('button', { name: 'Edit Authentik' }));
    const form = within(screen.getByRole('form', { name: 'Edit Authentik' }));
    const secret = form.getByLabelText<HTMLInputElement>('Client secret');
    expect(secret.value).toBe('');
    expect(secret.type).toBe('password');
    await user.click(form.getByLabelText(/Create an account/));
    await user.click(form.getByRole('button', { name: 'Save provider' }));

    await waitFor(() => expect(app.callsTo('PATCH', '/api/admin/oidc-providers/p-1')).toHaveLength(1));
    expect(app.callsTo('PATCH', '/api/admin/oidc-providers/p-1')[0].body).toEqual({ auto_register: true });
  });

  it('shows why password sign-in cannot be switched off', async () => {
    const app = server().on(
      'PATCH',
      '/api/admin/settings',
      errorReply(409, 'Link your account to an enabled identity provider first', 'WOULD_LOCK_OUT_ADMINS'),
    );
    const { user } = renderApp('/admin', { server: app, signedInAs: root });

    await user.click(await screen.findByLabelText('People may sign in and register with a password'));
    await user.click(screen.getByRole('button', { name: 'Save password sign-in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Link your account to an enabled identity provider first');
    expect(app.callsTo('PATCH', '/api/admin/settings')[0].body).toEqual({ local_login: false });
  });
});
