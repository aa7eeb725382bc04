import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeMe, makePreferences, makeUser } from '../test/fakeServer';
import { descriptionOf, renderApp } from '../test/renderApp';
import { CHILD_ID, childServer, data } from '../test/trajectory';

const prefs = (theme: 'system' | 'light' | 'dark', date_format: 'auto' | 'mdy' | 'dmy' | 'iso') =>
  makePreferences({ theme, date_format });

describe('the account’s display preferences', () => {
  it('apply at sign-in, everywhere dates are shown, and are kept on the device for the next load', async () => {
    const ada = makeUser({ preferences: prefs('dark', 'dmy') });
    const growth = {
      indicator: 'weight_for_age',
      axis: 'age_days',
      unit: 'kg',
      points: [{ measurement_id: 'a', measured_on: '2024-07-15', age_days: 182, x: 182, value: 7.9, z: -0.25, percentile: 40.1 }],
      curves: [{ x: 150, p3: 6.2, p15: 6.9, p50: 7.6, p85: 8.4, p97: 9.1 }, { x: 200, p3: 6.6, p15: 7.3, p50: 8.0, p85: 8.8, p97: 9.5 }],
    };
    const server = childServer().on('GET', `/api/children/${CHILD_ID}/growth`, data(growth));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/growth`, { server, signedInAs: ada });

    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(JSON.parse(localStorage.getItem('display') ?? '{}')).toEqual({ theme: 'dark', dateFormat: 'dmy' });
    // The growth chart's points and tooltip write dates the same way.
    const point = await screen.findByRole('button', { name: 'Measurement of 15/07/2024' });
    await user.hover(point);
    expect((await screen.findByRole('tooltip')).textContent).toContain('15/07/2024');
  });

  it('are saved with the account when changed on the profile', async () => {
    const ada = makeUser({ preferences: prefs('system', 'auto') });
    const server = new FakeServer()
      .on('GET', '/api/me', { status: 200, body: { data: makeMe(ada) } })
      .on('PATCH', '/api/me', (call) => {
        const body = call.body as { preferences: object };
        return { status: 200, body: { data: makeMe({ ...ada, preferences: { ...prefs('system', 'auto'), ...body.preferences } }) } };
      });
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    await user.selectOptions(await screen.findByLabelText('Theme'), 'light');
    expect(document.documentElement.dataset.theme).toBe('light');
    await waitFor(() => expect(server.callsTo('PATCH', '/api/me')).toHaveLength(1));
    expect(server.callsTo('PATCH', '/api/me')[0].body).toEqual({ preferences: { theme: 'light' } });
    expect(descriptionOf(screen.getByLabelText('Dates'))).toContain('Saved with your account.');
  });

  it('stay on this device and say so when the account cannot save them', async () => {
    const ada = makeUser({ preferences: prefs('system', 'auto') });
    const server = new FakeServer()
      .on('GET', '/api/me', { status: 200, body: { data: makeMe(ada) } })
      .on('PATCH', '/api/me', errorReply(503, 'The service is unavailable', 'UNAVAILABLE'));
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    await user.selectOptions(await screen.findByLabelText('Dates'), 'iso');
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringContaining('This device keeps your choice.'));
    expect(JSON.parse(localStorage.getItem('display') ?? '{}')).toEqual({ theme: 'system', dateFormat: 'iso' });
  });

  it('show the API’s refusal next to the field it names', async () => {
    const ada = makeUser({ preferences: prefs('system', 'auto') });
    const server = new FakeServer()
      .on('GET', '/api/me', { status: 200, body: { data: makeMe(ada) } })
      .on('PATCH', '/api/me', errorReply(422, 'Invalid request body', 'INVALID_BODY', { 'preferences.theme': 'unknown variant' }));
    const { user } = renderApp('/profile', { server, signedInAs: ada });

    await user.selectOptions(await screen.findByLabelText('Theme'), 'dark');
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Theme'))).toContain('unknown variant'));
  });
});
