import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { CHILD_ID, childServer, data, imperialUser, makeEvent, makeIllness, makeMeasurement, makeVisit, page } from '../../test/trajectory';

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

describe('appointments by the local calendar date', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    process.env.TZ = zone;
  });

  /** Renders the timeline at `now` in time zone `tz`, with visits on the given days. */
  async function timelineAt(tz: string, now: string, days: string[]) {
    process.env.TZ = tz;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now));
    const visits = days.map((d, i) =>
      makeVisit({ id: `30000000-0000-4000-8000-00000000000${i}`, visit_date: d, title: `Visit on ${d}` }),
    );
    renderApp(`/trajectory/children/${CHILD_ID}`, { server: childServer({ visits }), signedInAs: imperialUser });
    const list = await screen.findByRole('list', { name: 'Records' });
    return (d: string) => {
      const item = Array.from(list.children).find((li) => li.textContent?.includes(`Visit on ${d}`));
      return item?.textContent?.includes('Appointment') ?? null;
    };
  }

  it('marks tomorrow’s visit in the evening west of UTC (Los Angeles, UTC−8)', async () => {
    // 22:00 on 9 January in Los Angeles is already 10 January in UTC.
    const badge = await timelineAt('America/Los_Angeles', '2025-01-10T06:00:00Z', ['2025-01-09', '2025-01-10']);
    expect(badge('2025-01-10')).toBe(true);
    expect(badge('2025-01-09')).toBe(false);
  });

  it('does not mark today’s visit in the morning east of UTC (Auckland, UTC+13)', async () => {
    // 09:00 on 10 January in Auckland is still 9 January in UTC.
    const badge = await timelineAt('Pacific/Auckland', '2025-01-09T20:00:00Z', ['2025-01-10', '2025-01-11']);
    expect(badge('2025-01-10')).toBe(false);
    expect(badge('2025-01-11')).toBe(true);
  });
});

describe('a visit with its measurements and files', () => {
  const visit = makeVisit();
  const measurement = makeMeasurement({ visit_id: visit.id });
  const file = {
    id: 'a1', child_id: CHILD_ID, owner_type: 'visit', owner_id: visit.id, filename: 'blood-test.pdf',
    content_type: 'application/pdf', size_bytes: 4000, document_type: 'Lab result',
    created_at: '2025-01-15T10:00:00Z', updated_at: '2025-01-15T10:00:00Z',
  };
  const server = () =>
    childServer({ visits: [visit], measurements: [measurement] })
      .on('GET', `/api/children/${CHILD_ID}/attachments`, page([file]))
      .on('GET', `/api/visits/${visit.id}`, data(visit))
      .on('GET', `/api/visits/${visit.id}/attachments`, page([file]));

  it('shows on its timeline card what was measured and which files it has', async () => {
    renderApp(`/trajectory/children/${CHILD_ID}`, { server: server(), signedInAs: imperialUser });
    const list = await screen.findByRole('list', { name: 'Records' });
    const card = await within(list).findByText(/^Measured:/);
    expect(card.textContent).toBe('Measured: Weight 21.27 lb · Length/height 29.8 in');
    const visitItem = card.closest('li')!;
    expect(visitItem.textContent).toContain('1 file blood-test.pdf');
    const measurementItem = within(list).getByRole('heading', { name: 'Measurement' }).closest('li')!;
    expect(measurementItem.textContent).not.toContain('file');
  });

  it('lists under Files which record each file belongs to', async () => {
    renderApp(`/trajectory/children/${CHILD_ID}/files`, { server: server(), signedInAs: imperialUser });
    const files = await screen.findByRole('list', { name: 'Files' });
    expect((await within(files).findByText(/^Wellness visit of/)).textContent).toMatch(/^Wellness visit of .*2025: One-year check-up$/);
  });

  it('shows its measurements and files in its edit view', async () => {
    renderApp(`/trajectory/children/${CHILD_ID}/visits/${visit.id}/edit`, { server: server(), signedInAs: imperialUser });
    const measured = await screen.findByRole('region', { name: 'Measurements of this visit' });
    expect(await within(measured).findByText(/Weight 21.27 lb · Length\/height 29.8 in/)).toBeTruthy();
    expect(within(measured).getByRole('link', { name: 'Edit measurement' })).toBeTruthy();
    expect(await screen.findByText('blood-test.pdf')).toBeTruthy();
  });
});

describe('an appointment in the calendar', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('offers the appointment, not past visits, as a calendar file, to read-only members too', async () => {
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const visits = [
      makeVisit({ id: '30000000-0000-4000-8000-000000000005', visit_date: '2999-01-02', title: 'Far ahead' }),
      makeVisit({ visit_date: '2025-01-15' }),
    ];
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}`, { server: childServer({ visits, role: 'read_only' }), signedInAs: imperialUser });
    const buttons = await screen.findAllByRole('button', { name: 'Add to calendar' });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0]);
    expect(saved).toEqual(['byron-2999-01-02.ics']);
  });
});
