import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, makePreferences, makeUser } from '../test/fakeServer';
import { descriptionOf, renderApp } from '../test/renderApp';
import { CHILD_ID, FAMILY_ID, childServer, data, makeChild, makeFamily, page } from '../test/trajectory';

describe('family home', () => {
  it('shows each family with its children as cards: photo, name and age', async () => {
    const server = childServer({ child: { has_avatar: true, date_of_birth: '2020-01-01' } }).on(
      'GET',
      `/api/children/${CHILD_ID}/avatar`,
      { status: 200, body: 'image-bytes' },
    );
    renderApp('/trajectory', { server, signedInAs: makeUser() });

    const family = await screen.findByRole('region', { name: /The Lovelaces/ });
    const card = within(family).getByRole('link', { name: /Byron/ });
    expect(card.getAttribute('href')).toBe(`/trajectory/children/${CHILD_ID}`);
    expect(card.textContent).toMatch(/\d+ years/);
    const photo = await within(card).findByRole('img', { name: 'Photo of Byron' });
    expect(photo.getAttribute('src')).toMatch(/^blob:/);
    // The avatar sits behind the API's authenticated redirect: fetched with the token.
    const avatarCall = server.callsTo('GET', `/api/children/${CHILD_ID}/avatar`)[0];
    expect(avatarCall.authorization).toBe('Bearer token-1');
  });

  it('checks a new family’s name like the API, then creates it and opens it', async () => {
    const server = childServer()
      .on('GET', '/api/families', page([]))
      .on('GET', '/api/children', page([]))
      .on('POST', '/api/families', data(makeFamily({ id: FAMILY_ID, name: 'Babbages' }), 201))
      .on('GET', `/api/children`, page([]));
    const { user, location } = renderApp('/trajectory', { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Create family' }));
    expect(descriptionOf(screen.getByLabelText('Family name'))).toBe('Name must be 1 to 100 characters');
    expect(server.callsTo('POST', '/api/families')).toHaveLength(0);

    await user.type(screen.getByLabelText('Family name'), '  Babbages ');
    await user.click(screen.getByRole('button', { name: 'Create family' }));
    await waitFor(() => expect(location()).toBe(`/trajectory/families/${FAMILY_ID}`));
    expect(server.callsTo('POST', '/api/families')[0].body).toEqual({ name: 'Babbages' });
  });

  it('a family page offers a parent to add children; a read-only member gets no such button', async () => {
    const server = childServer({ role: 'read_only' });
    renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });

    expect(await screen.findByRole('heading', { name: /The Lovelaces/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Byron/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Add a child' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Export family data' })).toBeNull();
  });

  it('shows the API’s message when the family is not one of yours', async () => {
    const server = childServer().on('GET', `/api/families/${FAMILY_ID}`, errorReply(404, 'Family not found', 'NOT_FOUND'));
    renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });
    expect((await screen.findByRole('alert')).textContent).toBe('Family not found');
  });

  it('adds a child in imperial units and sends SI, then opens the child', async () => {
    const created = makeChild({ id: CHILD_ID });
    const server = childServer().on('POST', '/api/children', data(created, 201));
    const { user, location } = renderApp(`/trajectory/families/${FAMILY_ID}/children/new`, {
      server,
      signedInAs: makeUser({ preferences: makePreferences({ units: 'imperial' }) }),
    });

    await user.type(await screen.findByLabelText('Name'), 'Byron');
    await user.type(screen.getByLabelText('Date of birth'), '2024-01-15');
    await user.selectOptions(screen.getByLabelText('Sex at birth'), 'male');
    await user.type(screen.getByLabelText('Birth weight (lb)'), '7.5');
    await user.type(screen.getByLabelText('Birth length (in)'), '20');
    await user.click(screen.getByRole('button', { name: 'Add child' }));

    await waitFor(() => expect(location()).toBe(`/trajectory/children/${CHILD_ID}`));
    expect(server.callsTo('POST', '/api/children')[0].body).toEqual({
      family_id: FAMILY_ID,
      name: 'Byron',
      date_of_birth: '2024-01-15',
      sex: 'male',
      due_date: null,
      birth_weight_kg: 3.402,
      birth_length_cm: 50.8,
      notes: '',
    });
  });
});
