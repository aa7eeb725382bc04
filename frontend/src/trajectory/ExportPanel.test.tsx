import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply, makeUser } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { FAMILY_ID, childServer, data } from '../test/trajectory';

const READY = {
  id: 'exp-1',
  status: 'ready',
  progress: 100,
  filename: 'the-lovelaces-2025-03-09.zip',
  expires_at: '2025-03-16T10:00:00Z',
};

/** Records what each download link the panel clicks would save. */
function watchDownloads(): { href: string; download: string }[] {
  const saved: { href: string; download: string }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ href: this.href, download: this.download });
  });
  return saved;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('export', () => {
  it('starts an export, follows its progress and downloads the archive through the API', async () => {
    const saved = watchDownloads();
    const states = [{ id: 'exp-1', status: 'running', progress: 40 }, READY];
    const server = childServer()
      .on('POST', '/api/export', data({ id: 'exp-1', status: 'queued', progress: 0 }, 202))
      .on('GET', '/api/export/exp-1', () => data(states.shift()))
      .on('GET', '/api/export/exp-1/download', { status: 200, body: 'zip-bytes' });
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Export family data' }));
    expect(server.callsTo('POST', '/api/export')[0].body).toEqual({ family_id: FAMILY_ID });
    expect(await screen.findByText('Preparing the export… 0%')).toBeTruthy();
    // Before the first step the bar moves on its own rather than sitting at 0.
    expect(screen.getByRole('progressbar').hasAttribute('value')).toBe(false);
    expect(await screen.findByText('Preparing the export… 40%')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('40');
    const download = await screen.findByRole('button', { name: 'Download the export' });
    expect(screen.getByText(/kept until .*, then deleted/)).toBeTruthy();
    // No link to storage is handed out with the status: each download asks the API.
    expect(screen.queryByRole('link', { name: 'Download the export' })).toBeNull();

    await user.click(download);
    await waitFor(() => expect(saved).toHaveLength(1));
    const call = server.callsTo('GET', '/api/export/exp-1/download')[0];
    expect(call.authorization).toBe('Bearer token-1');
    expect(saved[0].href).toMatch(/^blob:/);
    expect(saved[0].download).toBe(READY.filename);
  });

  it('a second export within the hour shows the one that stands and when the next can start', async () => {
    const next = '2025-03-09T11:00:00Z';
    const server = childServer()
      .on('POST', '/api/export', {
        status: 429,
        headers: { 'Retry-After': '1800' },
        body: {
          error: 'Too many requests, try again later',
          code: 'RATE_LIMITED',
          details: { retry_after: 1800, next_export_at: next, export_id: 'exp-1' },
        },
      })
      .on('GET', '/api/export/exp-1', data(READY));
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Export family data' }));
    expect(await screen.findByText(/exported less than an hour ago. The next export can start at/)).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Download the export' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Export/ })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('an archive deleted meanwhile says so and offers a new export', async () => {
    const saved = watchDownloads();
    const server = childServer()
      .on('POST', '/api/export', data(READY, 202))
      .on('GET', '/api/export/exp-1/download', errorReply(410, 'This archive has been deleted', 'EXPORT_EXPIRED'));
    const { user } = renderApp(`/trajectory/families/${FAMILY_ID}`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Export family data' }));
    await user.click(await screen.findByRole('button', { name: 'Download the export' }));
    expect(await screen.findByText(/This archive has been deleted/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export again' })).toBeTruthy();
    expect(saved).toHaveLength(0);
  });
});
