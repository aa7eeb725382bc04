import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { FAMILY_ID, childServer, data } from '../../test/trajectory';

const FEED = `/api/families/${FAMILY_ID}/calendar-feed`;
const URL_ONE = 'https://app.example/api/calendar/first-token.ics';
const URL_TWO = 'https://app.example/api/calendar/second-token.ics';

function section() {
  return screen.findByRole('region', { name: 'Subscribe in your calendar' });
}

describe('subscribing to the family’s calendar', () => {
  it('an owner makes a link, copies it, replaces it and revokes it', async () => {
    const urls = [URL_ONE, URL_TWO];
    const server = childServer()
      .on('POST', FEED, () => ({ status: 201, body: { data: { active: true, created_at: '2025-06-10T10:00:00Z', url: urls.shift() } } }))
      .on('DELETE', FEED, { status: 204 });
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });

    const card = await section();
    expect(await within(card).findByText('There is no calendar link yet.')).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Make a calendar link' }));
    const link = await within(card).findByLabelText('Your calendar link (shown this once)');
    expect((link as HTMLInputElement).value).toBe(URL_ONE);
    await user.click(within(card).getByRole('button', { name: 'Copy link' }));
    // user-event stands in for the clipboard.
    expect(await navigator.clipboard.readText()).toBe(URL_ONE);
    expect(within(card).getByRole('status').textContent).toContain('Link copied');

    await user.click(within(card).getByRole('button', { name: 'Make a new link' }));
    await user.click(within(card).getByRole('button', { name: 'Yes, replace the link' }));
    expect(((await within(card).findByDisplayValue(URL_TWO)) as HTMLInputElement).value).toBe(URL_TWO);
    expect(within(card).getByRole('status').textContent).toContain('the old one no longer works');

    await user.click(within(card).getByRole('button', { name: 'Revoke the link' }));
    await user.click(within(card).getByRole('button', { name: 'Yes, revoke it' }));
    expect(await within(card).findByText('There is no calendar link yet.')).toBeTruthy();
    expect(within(card).queryByLabelText('Your calendar link (shown this once)')).toBeNull();
    expect(server.callsTo('POST', FEED)).toHaveLength(2);
    expect(server.callsTo('DELETE', FEED)).toHaveLength(1);
  });

  it('other members see whether a link exists, and are offered nothing they cannot do', async () => {
    for (const role of ['parent', 'read_only'] as const) {
      const server = childServer({ role }).on('GET', FEED, data({ active: true, created_at: '2025-03-04T10:00:00Z', url: null }));
      const { unmount } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });
      const card = await section();
      expect((await within(card).findByText(/A calendar link was made on/)).textContent).toContain(
        'Only an owner of the family can make or revoke it.',
      );
      expect(within(card).queryByRole('button')).toBeNull();
      unmount();
    }
  });

  it('says why when the link cannot be made', async () => {
    const server = childServer().on('POST', FEED, errorReply(403, 'Only an owner of this family can do this', 'OWNER_ONLY'));
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });
    const card = await section();
    await user.click(await within(card).findByRole('button', { name: 'Make a calendar link' }));
    expect((await within(card).findByRole('alert')).textContent).toBe('Only an owner of this family can do this');
  });
});
