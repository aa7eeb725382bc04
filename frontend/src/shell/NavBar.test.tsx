import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultStorage, forgetCanvass } from '../changemaker/canvass/store';
import { FakeServer, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

describe('NavBar', () => {
  it('hides the Admin link from users who are not SUPER_ADMIN', async () => {
    renderApp('/trajectory', { signedInAs: makeUser({ role: 'MAP_ADMIN' }) });

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(screen.getByRole('link', { name: 'Trajectory' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Changemaker' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Profile' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(nav.textContent).not.toContain('Admin');
  });

  it('shows the Admin link to a SUPER_ADMIN', async () => {
    renderApp('/trajectory', { signedInAs: makeUser({ role: 'SUPER_ADMIN' }) });
    expect(await screen.findByRole('link', { name: 'Admin' })).toBeTruthy();
  });

  it('keeps non-admins out of the admin page even by its address', async () => {
    const server = new FakeServer();
    renderApp('/admin', { server, signedInAs: makeUser({ role: 'USER' }) });

    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeTruthy();
    expect(server.calls.filter((c) => c.path.startsWith('/api/admin'))).toHaveLength(0);
  });

  describe('with canvass visits not yet sent', () => {
    afterEach(async () => {
      vi.restoreAllMocks();
      await forgetCanvass();
    });

    async function twoWaitingVisits() {
      await defaultStorage().write([
        { store: 'visits', key: 'a', value: { id: 'a' } },
        { store: 'visits', key: 'b', value: { id: 'b' } },
      ]);
    }

    it('asks before logging out, and staying keeps the session and the visits', async () => {
      await twoWaitingVisits();
      const ask = vi.spyOn(window, 'confirm').mockReturnValue(false);
      const server = new FakeServer().on('POST', '/api/auth/logout', { status: 204 });
      const { user, location } = renderApp('/changemaker', { server, signedInAs: makeUser() });

      await user.click(await screen.findByRole('button', { name: 'Log out' }));

      await waitFor(() => expect(ask).toHaveBeenCalledTimes(1));
      expect(ask.mock.calls[0][0]).toContain('2 canvass visits have not been sent yet');
      expect(location()).toBe('/changemaker');
      expect(server.callsTo('POST', '/api/auth/logout')).toHaveLength(0);
      expect(await defaultStorage().all('visits')).toHaveLength(2);
    });

    it('logs out when the volunteer accepts losing them', async () => {
      await twoWaitingVisits();
      vi.spyOn(window, 'confirm').mockReturnValue(true);
      const server = new FakeServer().on('POST', '/api/auth/logout', { status: 204 });
      const { user, location } = renderApp('/changemaker', { server, signedInAs: makeUser() });

      await user.click(await screen.findByRole('button', { name: 'Log out' }));

      await waitFor(() => expect(location()).toBe('/login'));
      expect(await defaultStorage().all('visits')).toHaveLength(0);
    });
  });

  it('logs out: revokes the session and returns to the login page', async () => {
    const server = new FakeServer().on('POST', '/api/auth/logout', { status: 204 });
    const { user, location } = renderApp('/changemaker', { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Log out' }));

    await waitFor(() => expect(location()).toBe('/login'));
    expect(server.callsTo('POST', '/api/auth/logout')).toHaveLength(1);
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });
});

describe('NavBar on a phone', () => {
  it('keeps the links behind a Menu button that closes on a choice or Escape', async () => {
    const { user, location } = renderApp('/trajectory', { signedInAs: makeUser() });
    const menu = await screen.findByRole('button', { name: 'Menu' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById(menu.getAttribute('aria-controls')!)?.contains(screen.getByRole('link', { name: 'Profile' }))).toBe(true);

    await user.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    await user.click(screen.getByRole('link', { name: 'Profile' }));
    await waitFor(() => expect(location()).toBe('/profile'));
    expect(menu.getAttribute('aria-expanded')).toBe('false');

    await user.click(menu);
    await user.keyboard('{Escape}');
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(menu);
  });
});
