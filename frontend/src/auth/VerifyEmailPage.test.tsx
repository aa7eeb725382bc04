import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeSession, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

describe('VerifyEmailPage', () => {
  it('confirms only when asked, then sends a new account to log in', async () => {
    const server = new FakeServer().on('POST', '/api/auth/verify-email', {
      status: 200,
      body: { data: { purpose: 'registration', email: 'grace@example.org', username: 'grace' } },
    });
    const { user } = renderApp('/verify-email?token=tok-1', { server, sessionHint: false });

    const button = await screen.findByRole('button', { name: 'Confirm my email address' });
    // Opening the link does nothing by itself: a mail scanner opens links too.
    expect(server.callsTo('POST', '/api/auth/verify-email')).toHaveLength(0);
    await user.click(button);

    expect(await screen.findByText('Your account grace is ready. Log in with its username and password.')).toBeTruthy();
    expect(server.callsTo('POST', '/api/auth/verify-email')[0].body).toEqual({ token: 'tok-1' });
    expect(screen.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/login');
  });

  it('confirms a new address of a signed-in account and refreshes who is signed in', async () => {
    const ada = makeUser();
    const server = new FakeServer().on('POST', '/api/auth/verify-email', {
      status: 200,
      body: { data: { purpose: 'email_change', email: 'countess@example.org', username: 'ada' } },
    });
    const { user } = renderApp('/verify-email?token=tok-2', { server, signedInAs: ada });
    server.on('POST', '/api/auth/refresh', { status: 200, body: makeSession({ ...ada, email: 'countess@example.org' }) });

    await user.click(await screen.findByRole('button', { name: 'Confirm my email address' }));
    expect(await screen.findByText('The account ada now uses countess@example.org.')).toBeTruthy();
    await waitFor(() => expect(server.callsTo('POST', '/api/auth/refresh').length).toBeGreaterThanOrEqual(2));
    expect(screen.getByRole('link', { name: 'Go to your profile' })).toBeTruthy();
  });

  it('explains a used or expired link', async () => {
    const server = new FakeServer().on(
      'POST',
      '/api/auth/verify-email',
      errorReply(400, 'This confirmation link is invalid, already used or expired', 'INVALID_EMAIL_TOKEN'),
    );
    const { user } = renderApp('/verify-email?token=old', { server, sessionHint: false });
    await user.click(await screen.findByRole('button', { name: 'Confirm my email address' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This confirmation link is invalid, already used or expired');
  });
});
