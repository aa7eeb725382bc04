import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { CHILD_ID, childServer, data, imperialUser } from '../../test/trajectory';

const growth = {
  indicator: 'weight_for_age',
  axis: 'age_days',
  points: [{ measured_on: '2025-01-15', age_days: 366, value: 9.65, z: 0.0, percentile: 50.0 }],
  curves: { axis: 'age_days', points: [{ x: 365, p3: 7.8, p15: 8.6, p50: 9.6, p85: 10.8, p97: 11.8 }] },
};

describe('growth', () => {
  it('shows the latest percentile and the child’s points in the user’s units', async () => {
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, data(growth));
    renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: imperialUser });

    expect((await screen.findByText(/Latest \(.*\): 50th percentile/)).textContent).toBeTruthy();
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Value (lb)' })).toBeTruthy();
    const cells = within(table).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(['12.02', '21.27', '50th (z 0.00)']);
    expect(server.callsTo('GET', `/api/children/${CHILD_ID}/growth`)[0].query.get('indicator')).toBe('weight_for_age');
  });

  it('switches indicator', async () => {
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, (call) =>
      data({ ...growth, indicator: call.query.get('indicator') }),
    );
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: makeUser() });
    await user.click(await screen.findByRole('button', { name: 'Head circumference for age' }));
    expect(await screen.findByRole('columnheader', { name: 'Value (cm)' })).toBeTruthy();
    expect(server.callsTo('GET', `/api/children/${CHILD_ID}/growth`).map((c) => c.query.get('indicator'))).toEqual([
      'weight_for_age',
      'head_circumference_for_age',
    ]);
  });
});
