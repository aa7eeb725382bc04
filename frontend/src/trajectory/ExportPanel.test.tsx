import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { FAMILY_ID, childServer, data } from '../test/trajectory';

describe('export', () => {
  it('starts an export, follows its progress and offers the download', async () => {
    const states = [
      { id: 'exp-1', status: 'running', progress: 40 },
      { id: 'exp-1', status: 'ready', progress: 100, download_url: 'http://storage.test/exports/exp-1.zip?sig=1' },
    ];
    const server = childServer()
      .on('POST', '/api/export', data({ id: 'exp-1', status: 'queued', progress: 0 }, 202))
      .on('GET', '/api/export/exp-1', () => data(states.shift()));
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Export family data' }));
    expect(server.callsTo('POST', '/api/export')[0].body).toEqual({ family_id: FAMILY_ID });
    expect(await screen.findByText('Preparing the export… 0%')).toBeTruthy();
    expect(await screen.findByText('Preparing the export… 40%')).toBeTruthy();
    const link = await screen.findByRole('link', { name: 'Download the export' });
    expect(link.getAttribute('href')).toBe('http://storage.test/exports/exp-1.zip?sig=1');
  });
});
