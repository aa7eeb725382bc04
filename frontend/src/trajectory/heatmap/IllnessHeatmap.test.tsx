import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { CHILD_ID, childServer, data, makeIllness } from '../../test/trajectory';
import { formatDate } from '../dates';
import { IllnessHeatmap } from './IllnessHeatmap';

describe('illness heatmap', () => {
  it('draws one cell per day, shaded by the number of illnesses', () => {
    const { container } = render(
      <IllnessHeatmap
        year={2025}
        days={[
          { date: '2025-02-01', count: 1 },
          { date: '2025-02-02', count: 2 },
          { date: '2025-02-03', count: 4 },
        ]}
      />,
    );
    const cells = container.querySelectorAll('rect[data-date]');
    expect(cells).toHaveLength(365);
    const cell = (date: string) => container.querySelector(`rect[data-date="${date}"]`);
    expect(cell('2025-02-01')?.getAttribute('class')).toBe('heat-1');
    expect(cell('2025-02-02')?.getAttribute('class')).toBe('heat-2');
    expect(cell('2025-02-03')?.getAttribute('class')).toBe('heat-3');
    expect(cell('2025-02-04')?.getAttribute('class')).toBe('heat-0');
    expect(cell('2025-02-02')?.textContent).toMatch(/2 illnesses/);
    expect(screen.getByRole('img', { name: 'Illness calendar 2025: 3 days with illness' })).toBeTruthy();
    // 1 January 2025 was a Wednesday: third row of the first column.
    expect(cell('2025-01-01')?.getAttribute('y')).toBe(String(16 + 2 * 14));
  });

  it('loads the child’s year from the API and steps back a year', async () => {
    const year = new Date().getFullYear();
    const server = childServer({ child: { date_of_birth: `${year - 2}-03-01` } }).on('GET', '/api/illnesses/heatmap', (call) =>
      data(call.query.get('year') === String(year) ? [{ date: `${year}-01-02`, count: 1 }] : []),
    );
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/illnesses`, { server, signedInAs: makeUser() });

    expect(await screen.findByRole('group', { name: `Illness calendar ${year}: 1 day with illness` })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next year' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Previous year' }));
    expect(await screen.findByRole('group', { name: `Illness calendar ${year - 1}: 0 days with illness` })).toBeTruthy();
    const calls = server.callsTo('GET', '/api/illnesses/heatmap');
    expect(calls.map((c) => [c.query.get('year'), c.query.get('child_id')])).toEqual([
      [String(year), CHILD_ID],
      [String(year - 1), CHILD_ID],
    ]);
  });

  it('on tapping a day lists the illnesses of that day', async () => {
    const year = new Date().getFullYear();
    const flu = makeIllness({ start_date: `${year}-01-02`, end_date: `${year}-01-04`, illness_types: ['flu'] });
    const croup = makeIllness({ id: '50000000-0000-4000-8000-000000000002', start_date: `${year}-01-04`, end_date: `${year}-01-05`, illness_types: ['croup'] });
    const server = childServer({ illnesses: [flu, croup] }).on('GET', '/api/illnesses/heatmap', data([
      { date: `${year}-01-02`, count: 1 }, { date: `${year}-01-03`, count: 1 }, { date: `${year}-01-04`, count: 2 }, { date: `${year}-01-05`, count: 1 },
    ]));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/illnesses`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: `${formatDate(`${year}-01-04`)}: 2 illnesses` }));
    const day = await screen.findByRole('region', { name: `Illnesses on ${formatDate(`${year}-01-04`)}` });
    expect(await within(day).findByText('Flu')).toBeTruthy();
    expect(within(day).getByText('Croup')).toBeTruthy();
    expect(within(day).getAllByRole('link', { name: 'Edit illness' })).toHaveLength(2);
  });
});
