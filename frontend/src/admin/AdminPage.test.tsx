import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/types';
import { FakeServer, errorReply, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const root = makeUser({ id: 'u-root', username: 'root', role: 'SUPER_ADMIN' });
const grace = makeUser({ id: 'u-grace', username: 'grace', email: 'grace@example.org', display_name: 'Grace' });

function adminServer(users: User[] = [root, grace], total = users.length) {
  return new FakeServer()
    .on('GET', '/api/admin/users', (call) => ({
      status: 200,
      body: { data: users, meta: { page: Number(call.query.get('page')), limit: 20, total } },
    }))
    .on('GET', '/api/admin/stats', {
      status: 200,
      body: {
        data: {
          users_total: 2,
          users_by_role: { SUPER_ADMIN: 1, USER: 1 },
          users_disabled: 0,
          active_sessions: 3,
          emails_sent: 7,
          outbox_pending: 0,
        },
      },
    })
    .on('GET', '/api/admin/settings', { status: 200, body: { data: { registration: 'open', local_login: true } } })
    .on('GET', '/api/admin/oidc-providers', { status: 200, body: { data: [] } });
}

describe('AdminPage', () => {
  it('lists users and shows the stats as cards', async () => {
    renderApp('/admin', { server: adminServer(), signedInAs: root });

    const table = await screen.findByRole('table');
    expect(within(table).getByText('grace@example.org')).toBeTruthy();
    expect(within(table).getByText('root')).toBeTruthy();
    const sessions = screen.getByRole('heading', { name: 'Active sessions' }).parentElement;
    expect(sessions?.textContent).toContain('3');
    // The admin's own row cannot demote or disable itself.
    expect(screen.getByLabelText('Role of root')).toHaveProperty('disabled', true);
    expect(screen.getByLabelText('Role of grace')).toHaveProperty('disabled', false);
  });

  it('changes a role at once and shows the saved value', async () => {
    const server = adminServer().on('PATCH', '/api/admin/users/u-grace', (call) => ({
      status: 200,
      body: { data: { ...grace, ...(call.body as object) } },
    }));
    const { user } = renderApp('/admin', { server, signedInAs: root });

    await user.selectOptions(await screen.findByLabelText('Role of grace'), 'MAP_ADMIN');

    expect(server.callsTo('PATCH', '/api/admin/users/u-grace')[0].body).toEqual({ role: 'MAP_ADMIN' });
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Role of grace').value).toBe('MAP_ADMIN'));
  });

  it('disables an account and shows a refused change next to its row', async () => {
    const server = adminServer().on(
      'PATCH',
      '/api/admin/users/u-grace',
      errorReply(409, 'That account changed meanwhile', 'CONFLICT'),
    );
    const { user } = renderApp('/admin', { server, signedInAs: root });

    await user.click(await screen.findByLabelText('Disable grace'));

    expect(server.callsTo('PATCH', '/api/admin/users/u-grace')[0].body).toEqual({ disabled: true });
    expect((await screen.findByRole('alert')).textContent).toBe('That account changed meanwhile');
    expect(screen.getByLabelText<HTMLInputElement>('Disable grace').checked).toBe(false);
  });

  it('searches and pages through users on the server', async () => {
    const server = adminServer([grace], 45);
    const { user } = renderApp('/admin', { server, signedInAs: root });

    await user.type(await screen.findByLabelText('Search users'), 'gra');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.click(await screen.findByRole('button', { name: 'Next' }));

    await screen.findByText(/Page 2 of 3/);
    const queries = server.callsTo('GET', '/api/admin/users').map((c) => Object.fromEntries(c.query));
    expect(queries.at(-2)).toEqual({ page: '1', limit: '20', q: 'gra' });
    expect(queries.at(-1)).toEqual({ page: '2', limit: '20', q: 'gra' });
  });

  it('saves the registration setting', async () => {
    const server = adminServer().on('PATCH', '/api/admin/settings', {
      status: 200,
      body: { data: { registration: 'invite_only' } },
    });
    const { user } = renderApp('/admin', { server, signedInAs: root });

    await user.selectOptions(await screen.findByLabelText('Who may register'), 'invite_only');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Registration setting saved.')).toBeTruthy();
    expect(server.callsTo('PATCH', '/api/admin/settings')[0].body).toEqual({ registration: 'invite_only' });
  });
});
