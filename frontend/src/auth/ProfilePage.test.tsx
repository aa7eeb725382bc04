import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeMe, makePreferences, makeUser } from '../test/fakeServer';
import { descriptionOf, renderApp } from '../test/renderApp';
import { CHILD_ID, childServer, makeVisit } from '../test/trajectory';
import { PASSWORD_CHANGED_NOTICE } from './ChangePasswordForm';
import { PASSWORD_RULE } from './validation';

const ada = makeUser({ display_name: 'Ada', preferences: makePreferences({ units: 'metric' }) });

/** A server that knows the signed-in user's address state. */
function profileServer(me = makeMe(ada)) {
  return new FakeServer().on('GET', '/api/me', { status: 200, body: { data: me } });
}

describe('ProfilePage', () => {
  it('saves only what changed and shows the new name in the nav bar', async () => {
    const server = profileServer().on('PATCH', '/api/me', () => ({
      status: 200,
      body: { data: makeMe({ ...ada, display_name: 'Countess Ada', preferences: makePreferences({ units: 'imperial' }) }) },
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
    const server = profileServer().on(
      'PATCH',
      '/api/me',
      errorReply(422, 'Validation failed', 'VALIDATION', { email: 'That email is already registered' }),
    );
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    const email = await screen.findByLabelText('Email');
    await user.clear(email);
    await user.type(email, 'grace@example.org');
    await user.type(screen.getByLabelText('Your password'), 'Old-password-123');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Email'))).toBe('That email is already registered'));
  });

  it('asks for the password to change the email, and says the change waits for the new address', async () => {
    const server = profileServer().on('PATCH', '/api/me', () => ({
      status: 200,
      body: { data: makeMe(ada, { pending_email: 'countess@example.org' }) },
    }));
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    const email = await screen.findByLabelText('Email');
    expect(screen.queryByLabelText('Your password')).toBeNull();
    await user.clear(email);
    await user.type(email, 'countess@example.org');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(descriptionOf(screen.getByLabelText('Your password'))).toContain('Enter your current password');
    expect(server.callsTo('PATCH', '/api/me')).toHaveLength(0);

    await user.type(screen.getByLabelText('Your password'), 'Old-password-123');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByText(/We sent a link to countess@example.org/)).toBeTruthy();
    expect(server.callsTo('PATCH', '/api/me')[0].body).toEqual({
      email: 'countess@example.org',
      current_password: 'Old-password-123',
    });
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ada@example.org');
    expect(screen.getByText(/Waiting for/).textContent).toContain('countess@example.org');
  });

  it('emails a confirmation link for an address not confirmed yet', async () => {
    const server = profileServer(makeMe(ada, { email_verified_at: null })).on('POST', '/api/auth/verify-email/send', {
      status: 202,
      body: { data: { email: 'ada@example.org' } },
    });
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    expect((await screen.findByText(/is not confirmed yet/)).textContent).toContain('ada@example.org');
    await user.click(screen.getByRole('button', { name: 'Email me a confirmation link' }));
    expect(await screen.findByText('We sent a link to ada@example.org. Open it to confirm the address.')).toBeTruthy();
    expect(server.callsTo('POST', '/api/auth/verify-email/send')).toHaveLength(1);
  });

  it('after a password change ends the session and explains it on the login page', async () => {
    const server = profileServer().on('POST', '/api/auth/password', { status: 204 });
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
    const server = profileServer();
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    await user.type(await screen.findByLabelText('Current password'), 'Old-password-123');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(descriptionOf(screen.getByLabelText('New password'))).toContain(PASSWORD_RULE);
    expect(server.callsTo('POST', '/api/auth/password')).toHaveLength(0);
  });
});

describe('display preferences', () => {
  it('switch to a dark theme and another date format at once, saved with the account, kept on this device and used everywhere', async () => {
    let saved = ada.preferences;
    const server = profileServer().on('PATCH', '/api/me', (call) => {
      saved = { ...saved, ...(call.body as { preferences: object }).preferences };
      return { status: 200, body: { data: makeMe({ ...ada, preferences: saved }) } };
    });
    const { user, unmount } = renderApp('/profile', { server, signedInAs: ada });

    await user.selectOptions(await screen.findByLabelText('Theme'), 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    await user.selectOptions(screen.getByLabelText('Dates'), 'dmy');
    expect(descriptionOf(screen.getByLabelText('Dates'))).toBe('Shown as 04/03/2025. Saved with your account.');
    expect(JSON.parse(localStorage.getItem('display') ?? '{}')).toEqual({ theme: 'dark', dateFormat: 'dmy' });
    await waitFor(() => expect(server.callsTo('PATCH', '/api/me')).toHaveLength(2));
    expect(server.callsTo('PATCH', '/api/me').map((c) => c.body)).toEqual([
      { preferences: { theme: 'dark' } },
      { preferences: { date_format: 'dmy' } },
    ]);
    unmount();

    // Signed in again (here or elsewhere), the account brings them.
    localStorage.clear();
    renderApp(`/trajectory/children/${CHILD_ID}`, {
      server: childServer({ visits: [makeVisit({ visit_date: '2025-01-15' })] }),
      signedInAs: { ...ada, preferences: saved },
    });
    expect(await screen.findByText('15/01/2025')).toBeTruthy();
    expect(screen.getByText(/born 15\/01\/2024/)).toBeTruthy();
  });
});
