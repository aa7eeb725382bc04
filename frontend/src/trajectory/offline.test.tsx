import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { CHILD_ID, FAMILY_ID, childServer, makeMeasurement, makeVisit } from '../test/trajectory';

/** A browser without a network: every request fails before reaching a server. */
function noNetwork(): FakeServer {
  return new FakeServer().on('POST', '/api/auth/refresh', () => {
    throw new TypeError('Failed to fetch');
  });
}

describe('offline', () => {
  const visit = makeVisit();
  const records = { visits: [visit], measurements: [makeMeasurement({ visit_id: visit.id })] };

  it('shows the last-viewed family, read-only, when the app opens without a network', async () => {
    const online = renderApp(`/trajectory/families/${FAMILY_ID}`, { server: childServer(records), signedInAs: makeUser() });
    await online.user.click(await screen.findByRole('link', { name: /Byron/ }));
    expect(await screen.findByText(/Wellness visit: One-year check-up/)).toBeTruthy();
    online.unmount();

    renderApp(`/trajectory/children/${CHILD_ID}`, { server: noNetwork(), sessionHint: true });
    expect((await screen.findByText(/You are offline/)).textContent).toMatch(/This is The Lovelaces as it was on .*, read-only\./);
    expect(screen.getByRole('heading', { level: 1, name: 'The Lovelaces' })).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Records' });
    expect(within(list).getByText('Wellness visit: One-year check-up')).toBeTruthy();
    expect(within(list).getByText(/^Measured: Weight 9.65 kg/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: /^(Edit|Add) / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull();
  });

  it('says what to do when nothing was kept, and a logout forgets the kept family', async () => {
    const server = childServer(records).on('POST', '/api/auth/logout', { status: 204 });
    const online = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });
    expect(await screen.findByRole('link', { name: /Byron/ })).toBeTruthy();
    expect(localStorage.getItem('offline.last-family')).toContain('The Lovelaces');
    await online.user.click(screen.getByRole('button', { name: 'Log out' }));
    await waitFor(() => expect(localStorage.getItem('offline.last-family')).toBeNull());
    online.unmount();

    renderApp('/trajectory', { server: noNetwork(), sessionHint: true });
    expect((await screen.findByText(/You are offline/)).textContent).toContain('Open a family once while online to have it here offline.');
  });
});
