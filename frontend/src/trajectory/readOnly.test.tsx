import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { CHILD_ID, FAMILY_ID, childServer, data, makeIllness, makeMeasurement, makeMember, makeVisit } from '../test/trajectory';

const records = { visits: [makeVisit()], measurements: [makeMeasurement()], illnesses: [makeIllness()] };

describe('a read-only member', () => {
  it('reads the timeline but sees no way to add, edit or delete', async () => {
    renderApp(`/trajectory/children/${CHILD_ID}`, { server: childServer({ role: 'read_only', ...records }), signedInAs: makeUser() });

    expect(await screen.findByText(/Wellness visit: One-year check-up/)).toBeTruthy();
    expect(screen.getByText(/Illness: Flu/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: /^Add / })).toBeNull();
    expect(screen.queryByRole('link', { name: /^Edit / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Delete / })).toBeNull();
  });

  it('sees the child’s details as text: no form, no photo upload, no delete', async () => {
    renderApp(`/trajectory/children/${CHILD_ID}/details`, { server: childServer({ role: 'read_only' }), signedInAs: makeUser() });

    expect(await screen.findByText('Date of birth')).toBeTruthy();
    expect(document.querySelector('form')).toBeNull();
    expect(document.querySelector('input')).toBeNull();
    expect(screen.queryByRole('button', { name: /Delete|Save|Remove/ })).toBeNull();
  });

  it('gets no upload form for files and no form at a record’s address', async () => {
    const server = childServer({ role: 'read_only' });
    const { unmount } = renderApp(`/trajectory/children/${CHILD_ID}/files`, { server, signedInAs: makeUser() });
    expect(await screen.findByText('No files yet.')).toBeTruthy();
    expect(screen.queryByLabelText('File')).toBeNull();
    unmount();

    renderApp(`/trajectory/children/${CHILD_ID}/new/visits`, { server, signedInAs: makeUser() });
    expect(await screen.findByText(/lets you read records, not change them/)).toBeTruthy();
    expect(document.querySelector('form')).toBeNull();
  });

  it('sees the members in family settings, but no invitations, roles or transfer', async () => {
    const server = childServer({ role: 'read_only' }).on(
      'GET',
      `/api/families/${FAMILY_ID}/members`,
      data([makeMember({ user_id: 'owner-1', username: 'grace', display_name: 'Grace', role: 'owner' }), makeMember({ role: 'read_only' })]),
    );
    renderApp(`/trajectory/families/${FAMILY_ID}/settings`, { server, signedInAs: makeUser() });

    expect(await screen.findByRole('heading', { name: 'Members' })).toBeTruthy();
    expect(screen.getByText('Grace')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Invitations' })).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Transfer ownership' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Leave family' })).toBeTruthy();
    expect(server.callsTo('GET', `/api/families/${FAMILY_ID}/invites`)).toHaveLength(0);
  });

  it('is offered no invitation on the family page and no edit link for a day’s illnesses', async () => {
    const year = new Date().getFullYear();
    const illness = makeIllness({ start_date: `${year}-01-02`, end_date: `${year}-01-03` });
    const server = childServer({ role: 'read_only', illnesses: [illness] })
      .on('GET', '/api/illnesses/heatmap', data([{ date: `${year}-01-02`, count: 1 }]));
    const { unmount, user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });
    expect(await screen.findByRole('link', { name: /Byron/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Invite someone' })).toBeNull();
    unmount();

    renderApp(`/trajectory/children/${CHILD_ID}/illnesses`, { server, signedInAs: makeUser() });
    await user.click(await screen.findByRole('button', { name: /: 1 illness$/ }));
    expect(await screen.findByText('Flu')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Edit illness' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Add illness' })).toBeNull();
  });
});
