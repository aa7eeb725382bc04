import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';
import { csvHeader, guessMapping } from './importMapping';
import type { LocationImportReport } from './types';

const organiser = makeUser({ id: 'u-map', username: 'org', role: 'MAP_ADMIN' });

describe('the map module', () => {
  it('is offered on the start page to its organisers only', async () => {
    renderApp('/changemaker', { signedInAs: organiser });
    expect(await screen.findByRole('link', { name: 'Map and cuts' })).toBeTruthy();
  });

  it('is not offered to other roles', async () => {
    for (const role of ['USER', 'INFLUENCE_ADMIN', 'TEMP'] as const) {
      const view = renderApp('/changemaker', { signedInAs: makeUser({ id: `u-${role}`, username: role, role }) });
      await screen.findByRole('heading', { name: 'Changemaker Lite' });
      expect(screen.queryByRole('link', { name: 'Map and cuts' })).toBeNull();
      view.unmount();
    }
    renderApp('/changemaker/map', { signedInAs: makeUser({ id: 'u-v', username: 'v', role: 'USER' }) });
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeTruthy();
  });
});

describe('the import wizard', () => {
  it('guesses the mapping from the header', () => {
    const header = csvHeader('\uFEFF"Street",Apt,E-mail,Support,Lon,Lat,Shoe\n1 A St,,,,,,\n');
    expect(header).toEqual(['Street', 'Apt', 'E-mail', 'Support', 'Lon', 'Lat', 'Shoe']);
    expect(guessMapping(header)).toEqual({
      address: 'Street',
      unit: 'Apt',
      occupant_email: 'E-mail',
      support_level: 'Support',
      lng: 'Lon',
      lat: 'Lat',
    });
  });

  it('maps the columns, shows the dry run report by line, and applies', async () => {
    const report = (dryRun: boolean, errors: LocationImportReport['errors']): LocationImportReport => ({
      dry_run: dryRun,
      applied: !dryRun && errors.length === 0,
      rows: 2,
      errors,
      added: 2,
      to_geocode: 1,
      skipped: [],
    });
    let attempt = 0;
    const server = new FakeServer().on('POST', '/api/locations/import', (call) => {
      attempt += 1;
      const body = call.body as { dry_run: boolean; mapping: Record<string, string> };
      expect(body.mapping.address).toBe('Street');
      const errors =
        attempt === 1 ? [{ line: 3, column: 'support_level', code: 'invalid', message: 'Must be 1, 2, 3 or 4' }] : [];
      return { status: 200, body: { data: report(body.dry_run, errors) } };
    });
    const { user } = renderApp('/changemaker/map/import', { server, signedInAs: organiser });
    const file = new File(['Street,Support\n1 A St,1\n2 B St,9\n'], 'doors.csv', { type: 'text/csv' });
    await user.upload(await screen.findByLabelText(/A CSV file/), file);
    expect((screen.getByLabelText(/address/) as HTMLSelectElement).value).toBe('Street');
    await user.click(screen.getByRole('button', { name: /dry run/ }));
    expect(await screen.findByText(/Line 3, support_level: Must be 1, 2, 3 or 4/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Import 2 households/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Choose another file' }));
    await user.upload(await screen.findByLabelText(/A CSV file/), file);
    await user.click(screen.getByRole('button', { name: /dry run/ }));
    await user.click(await screen.findByRole('button', { name: 'Import 2 households' }));
    await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toContain('2 added'));
  });
});
