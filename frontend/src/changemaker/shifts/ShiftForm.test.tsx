import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const organiser = makeUser({ id: 'u-map', username: 'org', role: 'MAP_ADMIN' });

describe('a new shift', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    process.env.TZ = zone;
  });

  /** The new-shift form's date at `now` in time zone `tz`. */
  async function defaultDateAt(tz: string, now: string): Promise<string> {
    process.env.TZ = tz;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now));
    renderApp('/changemaker/shifts/new', { signedInAs: organiser });
    return ((await screen.findByLabelText('Date')) as HTMLInputElement).value;
  }

  it('starts on the organiser’s own day in the evening west of UTC (Edmonton, UTC−7)', async () => {
    // 21:00 on 9 January in Edmonton is already 10 January in UTC.
    expect(await defaultDateAt('America/Edmonton', '2025-01-10T04:00:00Z')).toBe('2025-01-09');
  });

  it('starts on the organiser’s own day in the morning east of UTC (Auckland, UTC+13)', async () => {
    // 08:00 on 10 January in Auckland is still 9 January in UTC.
    expect(await defaultDateAt('Pacific/Auckland', '2025-01-09T19:00:00Z')).toBe('2025-01-10');
  });
});
