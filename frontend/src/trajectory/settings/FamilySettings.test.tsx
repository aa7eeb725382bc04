import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { errorReply, makeUser } from '../../test/fakeServer';
import { descriptionOf, renderApp } from '../../test/renderApp';
import { FAMILY_ID, childServer, data, makeMember } from '../../test/trajectory';
import { formatDate } from '../dates';

const me = makeUser();
const grace = makeMember({ user_id: 'grace-id', username: 'grace', display_name: 'Grace Hopper', email: 'grace@example.org', role: 'parent' });

function settingsServer() {
  return childServer()
    .on('GET', `/api/families/${FAMILY_ID}/members`, data([makeMember(), grace]))
    .on('GET', `/api/families/${FAMILY_ID}/invites`, data([]));
}

describe('family settings', () => {
  it('invites by email, checking the address like the API, and never shows a link', async () => {
    const server = settingsServer().on('POST', `/api/families/${FAMILY_ID}/invites`, data({
      id: 'inv-1', email: 'alan@example.org', role: 'read_only', expires_at: '2030-01-08T10:00:00Z', created_at: '2030-01-01T10:00:00Z',
      invited_by: { user_id: me.id, username: 'ada', display_name: 'Ada Lovelace' },
    }, 201));
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server, signedInAs: me });

    await user.type(await screen.findByLabelText('Email to invite'), 'alan@example');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(descriptionOf(screen.getByLabelText('Email to invite'))).toBe('Enter a valid email address');

    await user.type(screen.getByLabelText('Email to invite'), '.org');
    await user.selectOptions(screen.getByLabelText('Role'), 'read_only');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));

    expect((await screen.findByRole('status')).textContent).toContain('An invitation was emailed to alan@example.org');
    expect(screen.queryByLabelText('Invitation link')).toBeNull();
    expect(server.callsTo('POST', `/api/families/${FAMILY_ID}/invites`)[0].body).toEqual({ email: 'alan@example.org', role: 'read_only' });
    expect(screen.getByRole('button', { name: 'Withdraw invitation to alan@example.org' })).toBeTruthy();
    expect(screen.getByText(/invited by Ada Lovelace/)).toBeTruthy();
  });

  it('lists pending invitations with who created each', async () => {
    const server = settingsServer().on('GET', `/api/families/${FAMILY_ID}/invites`, data([{
      id: 'inv-2', email: 'alan@example.org', role: 'parent', expires_at: '2030-01-08T10:00:00Z', created_at: '2030-01-01T10:00:00Z',
      invited_by: { user_id: 'grace-id', username: 'grace', display_name: '' },
    }]));
    renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server, signedInAs: me });
    expect(await screen.findByText(/invited by grace/)).toBeTruthy();
  });

  it('changes a member’s role and hands ownership over after a confirmation', async () => {
    const server = settingsServer()
      .on('PATCH', `/api/families/${FAMILY_ID}/members/grace-id`, data([makeMember(), { ...grace, role: 'read_only' }]))
      .on('POST', `/api/families/${FAMILY_ID}/transfer`, data([makeMember({ role: 'parent' }), { ...grace, role: 'owner' }]));
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server, signedInAs: me });

    await user.selectOptions(await screen.findByLabelText('Role of Grace Hopper'), 'read_only');
    await waitFor(() => expect(server.callsTo('PATCH', `/api/families/${FAMILY_ID}/members/grace-id`)[0]?.body).toEqual({ role: 'read_only' }));

    const transfer = screen.getByRole('region', { name: 'Transfer ownership' });
    await user.selectOptions(within(transfer).getByLabelText('New owner'), 'grace-id');
    await user.click(within(transfer).getByRole('button', { name: 'Transfer ownership' }));
    expect(within(transfer).getByText('Make Grace Hopper the owner of The Lovelaces?')).toBeTruthy();
    expect(server.callsTo('POST', `/api/families/${FAMILY_ID}/transfer`)).toHaveLength(0);
    await user.click(within(transfer).getByRole('button', { name: 'Yes, transfer ownership' }));
    await waitFor(() => expect(server.callsTo('POST', `/api/families/${FAMILY_ID}/transfer`)[0]?.body).toEqual({ user_id: 'grace-id' }));
  });

  it('the only owner is told before trying why they cannot leave yet, and is not offered a button that would fail', async () => {
    const server = settingsServer();
    const { location } = renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server, signedInAs: me });

    const leave = await screen.findByRole('region', { name: 'Leave The Lovelaces' });
    expect(leave.textContent).toContain('You are the only owner: make another member owner first (under Transfer ownership)');
    expect(within(leave).queryByRole('button')).toBeNull();
    expect(server.callsTo('DELETE', `/api/families/${FAMILY_ID}/members/${me.id}`)).toHaveLength(0);
    expect(location()).toBe(`/trajectory/families/${FAMILY_ID}/settings`);
  });

  it('a member who is not the only owner may leave; the server’s refusal still shows if things changed meanwhile', async () => {
    const server = settingsServer()
      .on('GET', `/api/families/${FAMILY_ID}/members`, data([makeMember(), { ...grace, role: 'owner' }]))
      .on(
        'DELETE',
        `/api/families/${FAMILY_ID}/members/${me.id}`,
        errorReply(409, 'Transfer ownership to another member before leaving', 'LAST_OWNER'),
      );
    const { user, location } = renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server, signedInAs: me });

    await user.click(await screen.findByRole('button', { name: 'Leave family' }));
    await user.click(screen.getByRole('button', { name: 'Yes, leave The Lovelaces' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Transfer ownership to another member before leaving');
    expect(location()).toBe(`/trajectory/families/${FAMILY_ID}/settings`);
  });

  it('a family with children is not offered for deletion; it says what must happen first', async () => {
    renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server: settingsServer(), signedInAs: me });
    const remove = await screen.findByRole('region', { name: 'Delete The Lovelaces' });
    expect(remove.textContent).toContain(
      'The Lovelaces still has 1 child. Move the child to another family you own, or delete it (both under its Details), first; then the family can be deleted.',
    );
    expect(within(remove).queryByRole('button')).toBeNull();
  });

  it('removes a member only after asking', async () => {
    const server = settingsServer().on('DELETE', `/api/families/${FAMILY_ID}/members/grace-id`, { status: 204 });
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server, signedInAs: me });

    await user.click(await screen.findByRole('button', { name: 'Remove Grace Hopper' }));
    const question = screen.getByRole('group', { name: 'Remove Grace Hopper from The Lovelaces?' });
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(server.callsTo('DELETE', `/api/families/${FAMILY_ID}/members/grace-id`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Remove Grace Hopper' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove Grace Hopper' }));
    await waitFor(() => expect(server.callsTo('DELETE', `/api/families/${FAMILY_ID}/members/grace-id`)).toHaveLength(1));
  });
});

describe('invitations on the family page, and their dates', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = zone;
  });

  const pending = (expires_at: string) => ({
    id: 'inv-3', email: 'alan@example.org', role: 'parent', expires_at, created_at: '2030-01-01T10:00:00Z',
    invited_by: { user_id: 'grace-id', username: 'grace', display_name: 'Grace Hopper' },
  });

  it('invites from the family page itself', async () => {
    const server = settingsServer()
      .on('GET', `/api/families/${FAMILY_ID}/children`, data([]))
      .on('GET', '/api/children', { status: 200, body: { data: [], meta: { page: 1, limit: 200, total: 0 } } })
      .on('POST', `/api/families/${FAMILY_ID}/invites`, data(pending('2030-01-08T10:00:00Z'), 201));
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: me });

    await user.click(await screen.findByRole('button', { name: 'Invite someone' }));
    await user.type(screen.getByLabelText('Email to invite'), 'alan@example.org');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect((await screen.findByRole('status')).textContent).toContain('An invitation was emailed to alan@example.org');
  });

  it('shows when an invitation expires on the user’s own calendar, west and east of UTC', async () => {
    process.env.TZ = 'America/Los_Angeles';
    const west = settingsServer().on('GET', `/api/families/${FAMILY_ID}/invites`, data([pending('2030-01-08T03:00:00Z')]));
    const first = renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server: west, signedInAs: me });
    expect((await screen.findByText(/invited by Grace Hopper/)).textContent).toContain(`expires ${formatDate('2030-01-07')}`);
    first.unmount();

    process.env.TZ = 'Pacific/Auckland';
    const east = settingsServer().on('GET', `/api/families/${FAMILY_ID}/invites`, data([pending('2030-01-07T20:00:00Z')]));
    renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server: east, signedInAs: me });
    expect((await screen.findByText(/invited by Grace Hopper/)).textContent).toContain(`expires ${formatDate('2030-01-08')}`);
  });
});
