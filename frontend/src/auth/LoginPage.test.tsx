import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, deferred, errorReply, makeSession, makeUser, type Reply } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

describe('LoginPage', () => {
  it('shows the error message the API sends for wrong credentials', async () => {
    const server = new FakeServer().on(
      'POST',
      '/api/auth/login',
      errorReply(401, 'Invalid username or password', 'INVALID_CREDENTIALS'),
    );
    const { user, location } = renderApp('/login', { server });

    await user.type(screen.getByLabelText('Username or email'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'Wrong-password-1');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Invalid username or password');
    expect(server.callsTo('POST', '/api/auth/login')[0].body).toEqual({ login: 'ada', password: 'Wrong-password-1' });
    expect(location()).toBe('/login');
  });

  it('shows the server message for a locked account', async () => {
    const server = new FakeServer().on(
      'POST',
      '/api/auth/login',
      errorReply(423, 'This account is locked for 15 minutes', 'ACCOUNT_LOCKED'),
    );
    const { user } = renderApp('/login', { server });

    await user.type(screen.getByLabelText('Username or email'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'Whatever-123');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('This account is locked for 15 minutes');
  });

  it('shows how long to wait after too many attempts', async () => {
    const server = new FakeServer().on('POST', '/api/auth/login', {
      status: 429,
      headers: { 'Retry-After': '30' },
      body: { error: 'Too many requests', code: 'RATE_LIMITED', details: {} },
    });
    const { user } = renderApp('/login', { server });

    await user.type(screen.getByLabelText('Username or email'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'Whatever-123');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts, try again in 30 seconds');
  });

  it('disables the button while logging in, then goes to the app', async () => {
    const gate = deferred<Reply>();
    const server = new FakeServer().on('POST', '/api/auth/login', () => gate.promise);
    const { user, location } = renderApp('/login', { server });

    await user.type(screen.getByLabelText('Username or email'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    const button = screen.getByRole('button', { name: 'Logging in…' });
    expect(button).toHaveProperty('disabled', true);
    await user.click(button);
    expect(server.callsTo('POST', '/api/auth/login')).toHaveLength(1);

    gate.resolve({ status: 200, body: makeSession(makeUser()) });
    await waitFor(() => expect(location()).toBe('/trajectory'));
  });

  it('asks for both fields before calling the server', async () => {
    const server = new FakeServer();
    const { user } = renderApp('/login', { server });

    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(screen.getByText('Enter your username or email')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    // Nothing but the question of which ways to sign in the site offers.
    expect(server.calls.filter((call) => call.path !== '/api/auth/oidc/providers')).toHaveLength(0);
  });
});
