import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeSession, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { FAMILY_ID, childServer, data } from '../test/trajectory';

const preview = {
  family_name: 'The Lovelaces',
  invited_by: 'Ada Lovelace',
  email: 'grace@example.org',
  role: 'parent',
  expires_at: '2030-01-08T10:00:00Z',
};

describe('invitation page', () => {
  it('shows a signed-out visitor the invitation and sends them to log in and back', async () => {
    const server = new FakeServer()
      .on('POST', '/api/invites/preview', data(preview))
      .on('POST', '/api/auth/login', { status: 200, body: makeSession(makeUser({ email: 'grace@example.org' })) });
    const { user, location } = renderApp('/invite?token=tok-123', { server, sessionHint: false });

    expect(await screen.findByRole('heading', { name: 'Join The Lovelaces' })).toBeTruthy();
    expect(screen.getByText(/Ada Lovelace invited grace@example.org/)).toBeTruthy();
    expect(server.callsTo('POST', '/api/invites/preview')[0].body).toEqual({ token: 'tok-123' });
    expect(screen.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe(
      '/register?next=%2Finvite%3Ftoken%3Dtok-123',
    );

    await user.click(screen.getByRole('link', { name: 'Log in to accept' }));
    await user.type(await screen.findByLabelText('Username or email'), 'grace');
    await user.type(screen.getByLabelText('Password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    await waitFor(() => expect(location()).toBe('/invite?token=tok-123'));
    expect(await screen.findByRole('button', { name: 'Join The Lovelaces' })).toBeTruthy();
  });

  it('a signed-in user accepts and lands in the family', async () => {
    const server = childServer()
      .on('POST', '/api/invites/preview', data(preview))
      .on('POST', '/api/invites/accept', data({ family_id: FAMILY_ID, family_name: 'The Lovelaces', role: 'parent' }));
    const { user, location } = renderApp('/invite?token=tok-123', { server, signedInAs: makeUser({ email: 'grace@example.org' }) });

    await user.click(await screen.findByRole('button', { name: 'Join The Lovelaces' }));
    await waitFor(() => expect(location()).toBe(`/trajectory/families/${FAMILY_ID}`));
    expect(server.callsTo('POST', '/api/invites/accept')[0]).toMatchObject({ body: { token: 'tok-123' }, authorization: 'Bearer token-1' });
  });

  it('tells an account with another address that it cannot accept', async () => {
    const server = new FakeServer().on('POST', '/api/invites/preview', data(preview));
    renderApp('/invite?token=tok-123', { server, signedInAs: makeUser({ email: 'ada@example.org' }) });

    expect((await screen.findByText(/only the account that uses grace@example.org/)).textContent).toContain(
      'You are signed in as ada@example.org',
    );
    expect(screen.queryByRole('button', { name: /Join/ })).toBeNull();
  });

  it('sends an account whose address is not confirmed to its profile', async () => {
    const server = new FakeServer()
      .on('POST', '/api/invites/preview', data(preview))
      .on('POST', '/api/invites/accept', errorReply(403, 'Confirm your email address first', 'EMAIL_NOT_VERIFIED'));
    const { user } = renderApp('/invite?token=tok-123', { server, signedInAs: makeUser({ email: 'grace@example.org' }) });

    await user.click(await screen.findByRole('button', { name: 'Join The Lovelaces' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Confirm your email address first');
    expect(screen.getByRole('link', { name: 'Confirm your email address in your profile' }).getAttribute('href')).toBe('/profile');
  });

  it('explains a used or expired invitation', async () => {
    const server = new FakeServer().on('POST', '/api/invites/preview', errorReply(410, 'This invitation was already used or has expired', 'INVITE_EXPIRED'));
    renderApp('/invite?token=old', { server, sessionHint: false });
    expect((await screen.findByRole('alert')).textContent).toBe('This invitation was already used or has expired');
    expect(screen.queryByRole('button', { name: /Join/ })).toBeNull();
  });
});
