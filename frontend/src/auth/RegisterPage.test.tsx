import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeSession, makeUser } from '../test/fakeServer';
import { descriptionOf, renderApp } from '../test/renderApp';
import { PASSWORD_RULE } from './validation';

function serverWithStatus(needs_setup: boolean, registration: 'open' | 'invite_only' | 'closed') {
  return new FakeServer().on('GET', '/api/auth/status', { status: 200, body: { data: { needs_setup, registration } } });
}

describe('RegisterPage', () => {
  it('shows the 422 details next to the fields they belong to', async () => {
    const server = serverWithStatus(false, 'open').on(
      'POST',
      '/api/auth/register',
      errorReply(422, 'Validation failed', 'VALIDATION', {
        username: 'That username is taken',
        email: 'That email is already registered',
      }),
    );
    const { user } = renderApp('/register', { server });

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Username'))).toContain('That username is taken'));
    expect(descriptionOf(screen.getByLabelText('Email'))).toContain('That email is already registered');
    expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(screen.getByLabelText('Password'))).not.toContain('taken');
  });

  it('shows a detail for a field the form lacks as a form error', async () => {
    const server = serverWithStatus(false, 'open').on(
      'POST',
      '/api/auth/register',
      errorReply(422, 'Validation failed', 'VALIDATION', { captcha: 'Captcha missing' }),
    );
    const { user } = renderApp('/register', { server });

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Captcha missing');
  });

  it('checks the password rule before sending anything', async () => {
    const server = serverWithStatus(false, 'open');
    const { user } = renderApp('/register', { server });

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'alllowercase123');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(descriptionOf(screen.getByLabelText('Password'))).toContain(PASSWORD_RULE);
    expect(server.callsTo('POST', '/api/auth/register')).toHaveLength(0);
  });

  it.each([
    ['shorter than 12 characters', 'Short-pass1'],
    ['without an upper-case letter', 'lowercase-only-123'],
    ['without a lower-case letter', 'UPPERCASE-ONLY-123'],
    ['without a digit', 'No-Digits-Anywhere'],
  ])('rejects a password %s', async (_case, password) => {
    const server = serverWithStatus(false, 'open');
    const { user } = renderApp('/register', { server });

    await user.type(await screen.findByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), password);
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(descriptionOf(screen.getByLabelText('Password'))).toContain(PASSWORD_RULE);
    expect(server.callsTo('POST', '/api/auth/register')).toHaveLength(0);
  });

  it('asks for the setup token for the first account and lands in the app as its admin', async () => {
    const admin = makeUser({ role: 'SUPER_ADMIN', username: 'root' });
    const server = serverWithStatus(true, 'open').on('POST', '/api/auth/register', {
      status: 201,
      body: makeSession(admin),
    });
    const { user, location } = renderApp('/register', { server });

    await user.type(await screen.findByLabelText('Setup token'), 'setup-secret');
    await user.type(screen.getByLabelText('Username'), 'root');
    await user.type(screen.getByLabelText('Email'), 'root@example.org');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await waitFor(() => expect(location()).toBe('/trajectory'));
    expect(server.callsTo('POST', '/api/auth/register')[0].body).toEqual({
      username: 'root',
      email: 'root@example.org',
      password: 'Correct-horse-1',
      setup_token: 'setup-secret',
    });
    expect(screen.getByRole('link', { name: 'Admin' })).toBeTruthy();
  });

  it('will not set up the site without the setup token', async () => {
    const server = serverWithStatus(true, 'open');
    const { user } = renderApp('/register', { server });

    await user.type(await screen.findByLabelText('Username'), 'early');
    await user.type(screen.getByLabelText('Email'), 'early@example.org');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('Enter the setup token')).toBeTruthy();
    expect(server.callsTo('POST', '/api/auth/register')).toHaveLength(0);
  });

  it('on an open site, says where the link went and keeps the way back to an invitation', async () => {
    const server = serverWithStatus(false, 'open').on('POST', '/api/auth/register', {
      status: 202,
      body: { data: { email: 'grace@example.org' } },
    });
    const { user, location } = renderApp('/register?next=%2Finvite%3Ftoken%3Dtok', { server });

    await user.type(await screen.findByLabelText('Username'), 'grace');
    await user.type(screen.getByLabelText('Email'), 'grace@example.org');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('We sent a link to grace@example.org');
    expect(location()).toBe('/register?next=%2Finvite%3Ftoken%3Dtok');
    expect(screen.queryByLabelText('Username')).toBeNull();
    expect(screen.getByRole('link', { name: 'log in' }).getAttribute('href')).toBe('/login?next=%2Finvite%3Ftoken%3Dtok');
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
  });

  it('asks for an invite token when registration is by invitation', async () => {
    const { findByLabelText, queryByLabelText } = renderApp('/register', {
      server: serverWithStatus(false, 'invite_only'),
    });
    expect(await findByLabelText('Invite token')).toBeTruthy();
    expect(queryByLabelText('Setup token')).toBeNull();
  });

  it('fills in the invite token from the emailed link', async () => {
    const { findByLabelText } = renderApp('/register?invite=tok-from-email', {
      server: serverWithStatus(false, 'invite_only'),
    });
    const field = (await findByLabelText('Invite token')) as HTMLInputElement;
    expect(field.value).toBe('tok-from-email');
  });

  it('says so when registration is closed', async () => {
    renderApp('/register', { server: serverWithStatus(false, 'closed') });
    expect(await screen.findByText(/Registration is closed/)).toBeTruthy();
    expect(screen.queryByLabelText('Username')).toBeNull();
  });
});
