import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeSession, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { safeNext } from './paths';

describe('route guards', () => {
  it('sends a visitor without a session to /login, keeping the wanted path', async () => {
    const server = new FakeServer();
    const { location } = renderApp('/profile?tab=password', { server });

    await waitFor(() => expect(location()).toBe('/login?next=%2Fprofile%3Ftab%3Dpassword'));
    expect(screen.getByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Profile' })).toBeNull();
  });

  it('returns to the wanted path after logging in', async () => {
    const server = new FakeServer().on('POST', '/api/auth/login', {
      status: 200,
      body: makeSession(makeUser({ role: 'SUPER_ADMIN' })),
    });
    const { user, location } = renderApp('/changemaker', { server });

    await waitFor(() => expect(location()).toBe('/login?next=%2Fchangemaker'));
    await user.type(screen.getByLabelText('Username or email'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    await waitFor(() => expect(location()).toBe('/changemaker'));
    expect(screen.getByRole('heading', { name: 'Changemaker Lite' })).toBeTruthy();
  });

  it('restores the session with a silent refresh on load', async () => {
    const { location } = renderApp('/profile', { signedInAs: makeUser({ username: 'grace' }) });

    expect(await screen.findByRole('heading', { name: 'Profile' })).toBeTruthy();
    expect(location()).toBe('/profile');
    expect(screen.getByText('grace')).toBeTruthy();
  });

  it('sends to /login when the silent refresh is refused', async () => {
    const server = new FakeServer().on('POST', '/api/auth/refresh', errorReply(401, 'Expired', 'UNAUTHORIZED'));
    // An earlier page load left a session behind, but the server no longer accepts it.
    const { location } = renderApp('/trajectory', { server, sessionHint: true });

    await waitFor(() => expect(location()).toBe('/login?next=%2Ftrajectory'));
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('does not call refresh on load when no session was left behind', async () => {
    const server = new FakeServer();
    const { location } = renderApp('/trajectory', { server, sessionHint: false });

    await waitFor(() => expect(location()).toBe('/login?next=%2Ftrajectory'));
    // The login page only asks which ways to sign in the site offers.
    expect(server.calls.filter((call) => call.path !== '/api/auth/oidc/providers')).toHaveLength(0);
  });

  it('only follows in-app paths after login', () => {
    expect(safeNext('/admin')).toBe('/admin');
    expect(safeNext('https://evil.example')).toBe('/trajectory');
    expect(safeNext('//evil.example')).toBe('/trajectory');
    expect(safeNext('/\\evil.example')).toBe('/trajectory');
    expect(safeNext(null)).toBe('/trajectory');
  });
});
