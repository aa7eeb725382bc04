import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { RejectedVisit } from './queue';
import { StatusBar, type StatusBarProps } from './StatusBar';

function bar(overrides: Partial<StatusBarProps> = {}) {
  const props: StatusBarProps = {
    online: true,
    waiting: 0,
    syncing: false,
    error: null,
    rejected: [],
    onSyncNow: vi.fn(),
    onDismiss: vi.fn(),
    ...overrides,
  };
  const view = render(<StatusBar {...props} />);
  return { ...view, props };
}

const refused: RejectedVisit = {
  id: 'v-1',
  label: '12 Elm Street, 3',
  outcome: 'spoke_with',
  visited_at: '2025-06-10T09:30:00Z',
  code: 'RATE_LIMITED',
  error: 'More than 30 visits in one minute',
};

describe('the canvass status bar', () => {
  it.each([
    [{ online: false, waiting: 3 }, 'Offline · 3 visits waiting'],
    [{ online: false, waiting: 1 }, 'Offline · 1 visit waiting'],
    [{ online: false, waiting: 0 }, 'Offline · visits are kept on this phone'],
    [{ online: true, waiting: 2, syncing: true }, 'Syncing…'],
    [{ online: true, waiting: 0 }, 'All visits synced'],
    [{ online: true, waiting: 2 }, '2 visits waiting'],
    [{ online: true, waiting: 2, error: 'Could not reach the server' }, '2 visits waiting · not sent yet: Could not reach the server'],
  ])('says where the visits are: %j', (state, text) => {
    bar(state);
    expect(screen.getByRole('status').textContent).toBe(text);
  });

  it('offers "Sync now" only while visits wait and the phone is online', async () => {
    const { props, unmount } = bar({ online: true, waiting: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(props.onSyncNow).toHaveBeenCalledOnce();
    unmount();

    for (const state of [{ online: false, waiting: 2 }, { online: true, waiting: 0 }, { online: true, waiting: 2, onSyncNow: undefined }]) {
      const view = bar(state);
      expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
      view.unmount();
    }
    bar({ online: true, waiting: 2, syncing: true });
    expect((screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('lists each refused visit with its reason until it is dismissed', async () => {
    const { props } = bar({ rejected: [refused] });
    const list = screen.getByRole('list', { name: 'Visits not recorded' });
    expect(list.textContent).toContain('12 Elm Street, 3 · Spoke with at');
    expect(list.textContent).toContain('was not recorded: More than 30 visits in one minute');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss 12 Elm Street, 3' }));
    expect(props.onDismiss).toHaveBeenCalledWith('v-1');
  });
});
