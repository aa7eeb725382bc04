import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply, makeUser } from '../test/fakeServer';
import { FakeXhr } from '../test/fakeXhr';
import { descriptionOf, renderApp } from '../test/renderApp';
import { CHILD_ID, FAMILY_ID, childServer, data, imperialUser, makeChild } from '../test/trajectory';

describe('child form', () => {
  it('refuses what the API would refuse, in the user’s units, without a request', async () => {
    const server = childServer();
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}/children/new`, { server, signedInAs: imperialUser });

    await user.type(await screen.findByLabelText('Date of birth'), '2999-01-01');
    await user.type(screen.getByLabelText('Birth weight (lb)'), '30');
    await user.type(screen.getByLabelText('Birth length (in)'), 'long');
    await user.click(screen.getByRole('button', { name: 'Add child' }));

    expect(descriptionOf(screen.getByLabelText('Name'))).toBe('Name must be 1 to 100 characters');
    expect(descriptionOf(screen.getByLabelText('Date of birth'))).toBe('Date of birth cannot be in the future');
    expect(descriptionOf(screen.getByLabelText('Sex at birth'))).toMatch(/Choose the sex at birth/);
    expect(descriptionOf(screen.getByLabelText('Birth weight (lb)'))).toBe('Must be between 0.44 and 22.05 lb');
    expect(descriptionOf(screen.getByLabelText('Birth length (in)'))).toBe('Enter a number');
    expect(server.callsTo('POST', '/api/children')).toHaveLength(0);
    // The first field with a problem takes the focus.
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
  });

  it('shows each field of a 422 next to its field', async () => {
    const server = childServer().on(
      'POST',
      '/api/children',
      errorReply(422, 'Validation failed', 'VALIDATION', {
        name: 'Name must be 1 to 100 characters',
        birth_weight_kg: 'Must be between 0.2 and 10 kg',
      }),
    );
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}/children/new`, { server, signedInAs: makeUser() });

    await user.type(await screen.findByLabelText('Name'), 'Byron');
    await user.type(screen.getByLabelText('Date of birth'), '2024-01-15');
    await user.selectOptions(screen.getByLabelText('Sex at birth'), 'male');
    await user.type(screen.getByLabelText('Birth weight (kg)'), '3.5');
    await user.click(screen.getByRole('button', { name: 'Add child' }));

    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Birth weight (kg)'))).toBe('Must be between 0.2 and 10 kg'));
    expect(descriptionOf(screen.getByLabelText('Name'))).toBe('Name must be 1 to 100 characters');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends the version it opened; a 409 STALE explains and offers the latest version', async () => {
    let version = 0;
    const server = childServer()
      .on('GET', `/api/children/${CHILD_ID}`, () => data(makeChild({ name: version ? 'Lord Byron' : 'Byron', updated_at: version ? '2025-01-11T09:00:00Z' : '2025-01-10T10:00:00Z' })))
      .on('PATCH', `/api/children/${CHILD_ID}`, errorReply(409, 'Someone else changed this record since you opened it; reload and try again', 'STALE'));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/details`, { server, signedInAs: makeUser() });

    const name = await screen.findByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Byron King');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Someone else changed this record since you opened it; reload and try again',
    );
    expect(server.callsTo('PATCH', `/api/children/${CHILD_ID}`)[0].body).toMatchObject({
      name: 'Byron King',
      updated_at: '2025-01-10T10:00:00Z',
    });

    version = 1;
    await user.click(screen.getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() => expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Lord Byron'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows saved values converted to the user’s units', async () => {
    const server = childServer({ child: { birth_weight_kg: 3.402, birth_length_cm: 50.8 } });
    renderApp(`/trajectory/children/${CHILD_ID}/details`, { server, signedInAs: imperialUser });
    expect(((await screen.findByLabelText('Birth weight (lb)')) as HTMLInputElement).value).toBe('7.5');
    expect((screen.getByLabelText('Birth length (in)') as HTMLInputElement).value).toBe('20');
  });
});

describe('adding a child', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const ticket = { upload_url: 'http://storage.test/bucket/avatars/x?sig=1', key: 'avatars/x', expires_at: '2025-01-10T10:10:00Z' };

  async function fillIn(user: ReturnType<typeof renderApp>['user']) {
    await user.type(await screen.findByLabelText('Name'), 'Byron');
    await user.type(screen.getByLabelText('Date of birth'), '2024-01-15');
    await user.selectOptions(screen.getByLabelText('Sex at birth'), 'male');
  }

  it('takes the photo in the add form, then shows the child’s page with a confirmation', async () => {
    FakeXhr.install();
    const server = childServer()
      .on('POST', '/api/children', data(makeChild(), 201))
      .on('POST', `/api/children/${CHILD_ID}/avatar/upload`, data(ticket))
      .on('PUT', `/api/children/${CHILD_ID}/avatar`, data(makeChild({ has_avatar: true })))
      .on('GET', `/api/children/${CHILD_ID}/avatar`, { status: 200, body: 'png' });
    const { user, location } = renderApp(`/trajectory/families/${FAMILY_ID}/children/new`, { server, signedInAs: makeUser() });

    await fillIn(user);
    const photo = new File([new Uint8Array(2048)], 'byron.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText('Photo (optional)'), photo);
    expect(screen.getByRole('img', { name: 'The chosen photo' })).toBeTruthy();
    expect(FakeXhr.instances).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Add child' }));

    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    expect(FakeXhr.instances[0].body).toBe(photo);
    FakeXhr.instances[0].respond(200);
    await waitFor(() => expect(location()).toBe(`/trajectory/children/${CHILD_ID}`));
    expect((await screen.findByText('Byron has been added, with a photo.')).getAttribute('role')).toBe('status');
    expect(screen.getByRole('heading', { level: 1, name: 'Byron' })).toBeTruthy();
    expect(server.callsTo('PUT', `/api/children/${CHILD_ID}/avatar`)[0].body).toEqual({ key: 'avatars/x' });
  });

  it('refuses a photo the API would refuse as soon as it is chosen', async () => {
    const server = childServer();
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}/children/new`, { server, signedInAs: makeUser() });
    await user.upload(
      await screen.findByLabelText('Photo (optional)'),
      new File([new Uint8Array(6 * 1024 * 1024)], 'huge.jpg', { type: 'image/jpeg' }),
    );
    expect(descriptionOf(screen.getByLabelText('Photo (optional)'))).toContain('The file is larger than 5 MB');
  });

  it('keeps the child when the photo fails, and says so on the child’s page', async () => {
    const server = childServer()
      .on('POST', '/api/children', data(makeChild(), 201))
      .on('POST', `/api/children/${CHILD_ID}/avatar/upload`, errorReply(503, 'Storage is not reachable', 'UNAVAILABLE'));
    const { user, location } = renderApp(`/trajectory/families/${FAMILY_ID}/children/new`, { server, signedInAs: makeUser() });

    await fillIn(user);
    await user.upload(screen.getByLabelText('Photo (optional)'), new File([new Uint8Array(10)], 'b.png', { type: 'image/png' }));
    await user.click(screen.getByRole('button', { name: 'Add child' }));

    await waitFor(() => expect(location()).toBe(`/trajectory/children/${CHILD_ID}`));
    const notice = await screen.findByText(
      'Byron has been added. The photo could not be saved (Storage is not reachable): add it again under Details.',
    );
    expect(notice.getAttribute('role')).toBe('status');
  });
});
