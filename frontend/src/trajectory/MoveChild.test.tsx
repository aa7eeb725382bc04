import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { CHILD_ID, childServer, data, makeChild, makeFamily, page } from '../test/trajectory';

const OTHER = '10000000-0000-4000-8000-000000000002';
const MOVE = `/api/children/${CHILD_ID}/move`;

function server(role: 'owner' | 'parent' = 'owner', others = [makeFamily({ id: OTHER, name: 'The Babbages', child_count: 0 })]) {
  return childServer({ role }).on('GET', '/api/families', page([makeFamily({ role }), ...others]));
}

describe('moving a child to another family', () => {
  it('an owner of another family moves the child there after asking, and the page says where it went', async () => {
    const s = server().on('POST', MOVE, () => data(makeChild({ family_id: OTHER })));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/details`, { server: s, signedInAs: makeUser() });

    const card = await screen.findByRole('region', { name: 'Move Byron to another family' });
    expect((within(card).getByLabelText('Family') as HTMLSelectElement).value).toBe(OTHER);
    await user.click(within(card).getByRole('button', { name: 'Move Byron' }));
    await user.click(within(card).getByRole('button', { name: 'Yes, move to The Babbages' }));
    await waitFor(() => expect(s.callsTo('POST', MOVE)).toHaveLength(1));
    expect(s.callsTo('POST', MOVE)[0].body).toEqual({ family_id: OTHER });
    expect((await screen.findByRole('status')).textContent).toBe('Byron has moved to The Babbages.');
  });

  it('is not offered to a parent, nor to an owner with no other family of their own', async () => {
    const parent = renderApp(`/trajectory/children/${CHILD_ID}/details`, { server: server('parent'), signedInAs: makeUser() });
    expect(await screen.findByRole('region', { name: 'Details' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Move Byron to another family' })).toBeNull();
    parent.unmount();

    const notOwned = [makeFamily({ id: OTHER, name: 'The Babbages', role: 'parent' })];
    renderApp(`/trajectory/children/${CHILD_ID}/details`, { server: server('owner', notOwned), signedInAs: makeUser() });
    expect(await screen.findByRole('region', { name: 'Details' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Delete Byron' })).toBeTruthy());
    expect(screen.queryByRole('region', { name: 'Move Byron to another family' })).toBeNull();
  });

  it('shows the API’s refusal', async () => {
    const s = server().on('POST', MOVE, errorReply(422, 'Choose another family you own', 'VALIDATION_FAILED', { family_id: 'Choose another family you own' }));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/details`, { server: s, signedInAs: makeUser() });
    const card = await screen.findByRole('region', { name: 'Move Byron to another family' });
    await user.click(within(card).getByRole('button', { name: 'Move Byron' }));
    await user.click(within(card).getByRole('button', { name: 'Yes, move to The Babbages' }));
    expect((await within(card).findByRole('alert')).textContent).toBe('Choose another family you own');
  });
});
