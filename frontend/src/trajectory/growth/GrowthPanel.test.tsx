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
    // Ages in years and months, weights in pounds and ounces, the percentile first.
    const cells = within(table).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(['1 y', '21 lb 4 oz', '50th']);
    expect(within(table).queryByRole('columnheader', { name: 'z-score' })).toBeNull();
    expect(server.callsTo('GET', `/api/children/${CHILD_ID}/growth`)[0].query.get('indicator')).toBe('weight_for_age');
  });

  it('shows z-scores only when asked', async () => {
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, data(growth));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: makeUser() });
    await user.click(await screen.findByLabelText('Show z-scores'));
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'z-score' })).toBeTruthy();
    expect(within(table).getAllByRole('cell').map((c) => c.textContent).slice(1)).toEqual(['1 y', '9.65 kg', '50th', '0.00']);
  });

  it('switches indicator', async () => {
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, (call) =>
      data({ ...growth, indicator: call.query.get('indicator') }),
    );
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: makeUser() });
    await user.click(await screen.findByRole('button', { name: 'Head circumference for age' }));
    expect((await screen.findAllByRole('cell')).map((c) => c.textContent)).toContain('9.65 cm');
    expect(server.callsTo('GET', `/api/children/${CHILD_ID}/growth`).map((c) => c.query.get('indicator'))).toEqual([
      'weight_for_age',
      'head_circumference_for_age',
    ]);
  });
});

describe('growth chart points', () => {
  const twoPoints = {
    indicator: 'weight_for_age',
    axis: 'age_days',
    unit: 'kg',
    points: [
      { measurement_id: 'a', measured_on: '2024-07-15', age_days: 182, x: 182, value: 7.9, z: -0.25, percentile: 40.1 },
      { measurement_id: 'b', measured_on: '2025-01-15', age_days: 366, x: 366, value: 9.65, z: 0.0, percentile: 50.0 },
    ],
    curves: [
      { x: 150, p3: 6.2, p15: 6.9, p50: 7.6, p85: 8.4, p97: 9.1 },
      { x: 400, p3: 8.0, p15: 8.8, p50: 9.8, p85: 11.0, p97: 12.0 },
    ],
  };

  it('shows the point under the pointer, with its unit, age and percentile, and the one tapped', async () => {
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, data(twoPoints));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: makeUser() });

    const first = await screen.findByRole('button', { name: /^Measurement of 15 Jul 2024|^Measurement of Jul 15, 2024/ });
    await user.hover(first);
    const tip = await screen.findByRole('tooltip');
    expect(tip.textContent).toMatch(/Jul/);
    expect(tip.textContent).toContain('7.9 kg');
    expect(tip.textContent).toContain('Age 6 mo');
    expect(tip.textContent).toContain('40th percentile');
    expect(tip.textContent).not.toContain('9.65');

    const second = screen.getByRole('button', { name: /^Measurement of (15 Jan 2025|Jan 15, 2025)/ });
    await user.click(second);
    expect(screen.getByRole('tooltip').textContent).toContain('9.65 kg');
    expect(screen.getByRole('tooltip').textContent).toContain('Age 1 y');
    expect(screen.getByRole('tooltip').textContent).toContain('50th percentile');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).toBeNull();
  });
});

describe('growth chart around two years', () => {
  it('explains the step from length to height at 24 months on the length/height chart', async () => {
    const heights = {
      indicator: 'length_height_for_age',
      axis: 'age_days',
      unit: 'cm',
      points: [{ measurement_id: 'a', measured_on: '2025-01-15', age_days: 366, x: 366, value: 75.7, z: 0, percentile: 50 }],
      curves: [0, 400, 730, 731, 1000].map((x) => ({ x, p3: 60, p15: 65, p50: 75, p85: 80, p97: 85 })),
    };
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, (call) =>
      data(call.query.get('indicator') === 'length_height_for_age' ? heights : growth),
    );
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: makeUser() });
    await screen.findByRole('table');
    expect(screen.queryByText(/the curves step at 24 months/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Length/height for age' }));
    expect(await screen.findByText(/from 2 years standing up \(height\).*the curves step at 24 months/)).toBeTruthy();
  });

  it('offers to try again when the chart cannot load', async () => {
    let fail = true;
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, () =>
      fail ? { status: 503, body: { error: 'The database is not reachable', code: 'UNAVAILABLE', details: {} } } : data(growth),
    );
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: makeUser() });
    expect((await screen.findByRole('alert')).textContent).toBe('The database is not reachable');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table')).toBeTruthy();
  });
});
