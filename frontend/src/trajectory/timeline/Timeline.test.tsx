import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { CHILD_ID, childServer, imperialUser, makeEvent, makeIllness, makeMeasurement, makeVisit } from '../../test/trajectory';

describe('timeline', () => {
  it('merges visits, measurements, illnesses and medical events, newest first, in the user’s units', async () => {
    const server = childServer({
      visits: [makeVisit({ visit_date: '2025-01-15' })],
      measurements: [makeMeasurement({ measured_on: '2025-01-16' })],
      illnesses: [makeIllness({ start_date: '2025-02-01' })],
      events: [makeEvent({ date: '2024-12-01', name: 'Hepatitis B' })],
    });
    renderApp(`/trajectory/children/${CHILD_ID}`, { server, signedInAs: imperialUser });

    const list = await screen.findByRole('list', { name: 'Records' });
    const items = Array.from(list.children) as HTMLElement[];
    expect(items.map((li) => li.querySelector('h3')?.textContent)).toEqual([
      'Illness: Flu',
      'Measurement',
      'Wellness visit: One-year check-up',
      'Vaccine: Hepatitis B',
    ]);
    expect(items[1].textContent).toContain('Weight 21.27 lb');
    expect(items[1].textContent).toContain('Length/height 29.8 in');
    expect(items[1].textContent).toContain('Weight for age: 50th percentile');
    expect(items[0].textContent).toContain('up to 102.6 °F');
  });

  it('filters by kind and deletes a record after asking', async () => {
    const visit = makeVisit();
    const server = childServer({ visits: [visit], illnesses: [makeIllness()] }).on('DELETE', `/api/visits/${visit.id}`, { status: 204 });
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}`, { server, signedInAs: imperialUser });

    await user.click(await screen.findByRole('button', { name: 'Visits' }));
    expect(screen.queryByText('Illness: Flu')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Delete visit' }));
    await user.click(screen.getByRole('button', { name: 'Delete this visit' }));
    await waitFor(() => expect(screen.queryByText(/One-year check-up/)).toBeNull());
    expect(server.callsTo('DELETE', `/api/visits/${visit.id}`)).toHaveLength(1);
  });

  it('still shows what loaded when one kind of record fails', async () => {
    const server = childServer({ visits: [makeVisit()] }).on(
      'GET',
      `/api/children/${CHILD_ID}/illnesses`,
      errorReply(503, 'The database is not reachable', 'UNAVAILABLE'),
    );
    renderApp(`/trajectory/children/${CHILD_ID}`, { server, signedInAs: imperialUser });
    expect((await screen.findByRole('alert')).textContent).toBe('Illnesses could not be loaded: The database is not reachable');
    expect(screen.getByText(/One-year check-up/)).toBeTruthy();
  });
});
