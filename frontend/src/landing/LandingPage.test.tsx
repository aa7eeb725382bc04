import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

function siteWith(registration: 'open' | 'invite_only' | 'closed', needs_setup = false) {
  return new FakeServer().on('GET', '/api/auth/status', { status: 200, body: { data: { needs_setup, registration } } });
}

describe('the landing page', () => {
  it('tells a visitor what both products are, with log in and sign up when registration is open', async () => {
    const { user, location } = renderApp('/', { server: siteWith('open') });

    expect(await screen.findByRole('heading', { level: 1, name: /family’s health records/i })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Trajectory' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Changemaker Lite' })).toBeTruthy();
    expect(location()).toBe('/');
    const main = screen.getByRole('main');
    expect(await within(main).findByRole('link', { name: 'Create an account' })).toBeTruthy();
    await user.click(within(main).getByRole('link', { name: 'Log in' }));
    await waitFor(() => expect(location()).toBe('/login'));
  });

  it('offers no sign-up when registration is closed', async () => {
    const server = siteWith('closed');
    renderApp('/', { server });
    await screen.findByRole('heading', { name: 'Trajectory' });
    await waitFor(() => expect(server.callsTo('GET', '/api/auth/status')).toHaveLength(1));
    expect(screen.queryByRole('link', { name: 'Create an account' })).toBeNull();
    expect(screen.getAllByRole('link', { name: 'Log in' }).length).toBeGreaterThan(0);
  });

  it('sends a signed-in user on to Trajectory', async () => {
    const { location } = renderApp('/', { signedInAs: makeUser() });
    await waitFor(() => expect(location()).toBe('/trajectory'));
  });
});

describe('the Changemaker start page', () => {
  it('shows a user the modules they may use', async () => {
    renderApp('/changemaker', { signedInAs: makeUser() });
    const main = within(await screen.findByRole('main'));
    const influence = within(await main.findByRole('region', { name: 'Influence' }));
    expect(influence.getAllByRole('link').map((a) => a.textContent)).toEqual(['Public campaigns', 'My campaigns']);
    expect(main.queryByRole('link', { name: 'Landing pages' })).toBeNull();
    const shifts = within(main.getByRole('region', { name: 'Volunteer shifts' }));
    expect(shifts.getAllByRole('link').map((a) => a.textContent)).toEqual(['Public sign-up page', 'My shifts']);
    const media = within(main.getByRole('region', { name: 'Media' }));
    expect(media.getAllByRole('link').map((a) => a.textContent)).toEqual(['Video gallery']);
    const canvassing = within(main.getByRole('region', { name: 'Door-to-door canvassing' }));
    expect(canvassing.getAllByRole('link').map((a) => a.textContent)).toEqual(['Canvass']);
    // Every module is built: nothing is announced as coming any more.
    expect(main.queryByText('Coming')).toBeNull();
    expect(screen.getByRole('main').querySelector('a[href="/trajectory"]')).toBeTruthy();
  });

  it('gives a super admin every built module’s screens', async () => {
    renderApp('/changemaker', { signedInAs: makeUser({ role: 'SUPER_ADMIN' }) });
    const main = within(await screen.findByRole('main'));
    expect(await main.findByRole('link', { name: 'Representatives' })).toBeTruthy();
    expect(main.getByRole('link', { name: 'Landing pages' })).toBeTruthy();
    expect(main.getByRole('link', { name: 'Email templates' })).toBeTruthy();
    expect(main.getByRole('link', { name: 'Shift calendar' })).toBeTruthy();
    expect(main.getByRole('link', { name: 'Video library' })).toBeTruthy();
    const canvassing = within(main.getByRole('region', { name: 'Door-to-door canvassing' }));
    expect(canvassing.getAllByRole('link').map((a) => a.textContent)).toEqual(['Canvass', 'Canvass dashboard']);
  });
});
