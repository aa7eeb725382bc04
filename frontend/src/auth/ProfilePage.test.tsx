import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeUser } from '../test/fakeServer';
import { descriptionOf, renderApp } from '../test/renderApp';
import { PASSWORD_CHANGED_NOTICE } from './ChangePasswordForm';
import { PASSWORD_RULE } from './validation';

const ada = makeUser({ display_name: 'Ada', preferences: { units: 'metric' } });

describe('ProfilePage', () => {
  it('saves only what changed and shows the new name in the nav bar', async () => {
    const server = new FakeServer().on('PATCH', '/api/me', () => ({
      status: 200,
      body: { data: { ...ada, display_name: 'Countess Ada', preferences: { units: 'imperial' } } },
    }));
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    const name = await screen.findByLabelText('Display name');
    await user.clear(name);
    await user.type(name, 'Countess Ada');
    await user.click(screen.getByLabelText('Imperial (lb, in)'));
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByText('Your profile has been saved.')).toBeTruthy();
    expect(server.callsTo('PATCH', '/api/me')[0].body).toEqual({
      display_name: 'Countess Ada',
      preferences: { units: 'imperial' },
    });
    expect(screen.getByRole('navigation', { name: 'Main' }).textContent).toContain('Countess Ada');
  });

  it('shows a 422 on the email next to the email field', async () => {
    const server = new FakeServer().on(
      'PATCH',
      '/api/me',
      errorReply(422, 'Validation failed', 'VALIDATION', { email: 'That email is already registered' }),
    );
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    const email = await screen.findByLabelText('Email');
    await user.clear(email);
    await user.type(email, 'grace@example.org');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Email'))).toBe('That email is already registered'));
  });

  it('after a password change ends the session and explains it on the login page', async () => {
    const server = new FakeServer().on('POST', '/api/auth/password', { status: 204 });
    const { user, location } = renderApp('/profile', { server, signedInAs: ada });

    await user.type(await screen.findByLabelText('Current password'), 'Old-password-123');
    await user.type(screen.getByLabelText('New password'), 'New-password-456');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() => expect(location()).toBe('/login'));
    expect(screen.getByRole('status').textContent).toBe(PASSWORD_CHANGED_NOTICE);
    expect(server.callsTo('POST', '/api/auth/password')[0].body).toEqual({
      current_password: 'Old-password-123',
      new_password: 'New-password-456',
    });
  });

  it('applies the password rule to the new password', async () => {
    const server = new FakeServer();
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    await user.type(await screen.findByLabelText('Current password'), 'Old-password-123');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(descriptionOf(screen.getByLabelText('New password'))).toContain(PASSWORD_RULE);
    expect(server.callsTo('POST', '/api/auth/password')).toHaveLength(0);
  });
});
