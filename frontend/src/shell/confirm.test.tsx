import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { ConfirmButton, ConfirmSection, DeleteSection } from './confirm';

function renderButton(onConfirm: () => Promise<void> | void = vi.fn()) {
  const user = userEvent.setup();
  render(
    <ConfirmButton
      label="Remove Ada"
      confirmLabel="Yes, remove Ada"
      question="Remove Ada from The Lovelaces?"
      onConfirm={onConfirm}
    />,
  );
  return { user, onConfirm };
}

describe('ConfirmButton', () => {
  it('asks first, then acts once on the confirm button', async () => {
    const { user, onConfirm } = renderButton();

    await user.click(screen.getByRole('button', { name: 'Remove Ada' }));
    expect(onConfirm).not.toHaveBeenCalled();
    const question = screen.getByRole('group', { name: 'Remove Ada from The Lovelaces?' });
    expect(question.textContent).toContain('Remove Ada from The Lovelaces?');

    await user.click(screen.getByRole('button', { name: 'Yes, remove Ada' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove Ada' })).toBeTruthy());
    expect(screen.queryByRole('group')).toBeNull();
  });

  it('does nothing on cancel and gives the focus back', async () => {
    const { user, onConfirm } = renderButton();

    await user.click(screen.getByRole('button', { name: 'Remove Ada' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Yes, remove Ada' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Ada' }));
  });

  it('works from the keyboard: focus on cancel, Escape backs out, Enter confirms', async () => {
    const { user, onConfirm } = renderButton();

    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Ada' }));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Ada' }));
    expect(onConfirm).not.toHaveBeenCalled();

    await user.keyboard('{Enter}');
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Yes, remove Ada' }));
    await user.keyboard('{Enter}');
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('keeps both buttons disabled until the action settles', async () => {
    let finish = () => {};
    const onConfirm = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { user } = renderButton(onConfirm);

    await user.click(screen.getByRole('button', { name: 'Remove Ada' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove Ada' }));
    expect(screen.getByRole('button', { name: 'Yes, remove Ada' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveProperty('disabled', true);

    finish();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove Ada' })).toBeTruthy());
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});

describe('ConfirmSection', () => {
  function renderSection(onConfirm: () => Promise<void>) {
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <ConfirmSection title="Delete The Lovelaces" label="Delete family" confirmLabel="Yes, delete The Lovelaces" onConfirm={onConfirm}>
          Only a family without children can be deleted.
        </ConfirmSection>
      </MemoryRouter>,
    );
    return user;
  }

  it('is a region named by its heading that says what the action does', () => {
    renderSection(vi.fn(async () => {}));
    const region = screen.getByRole('region', { name: 'Delete The Lovelaces' });
    expect(region.textContent).toContain('Only a family without children can be deleted.');
    expect(screen.getByRole('button', { name: 'Delete family' }).className).toBe('danger');
  });

  it('shows why the server refused, and asks again next time', async () => {
    const onConfirm = vi.fn(async () => {
      throw new ApiError(409, { error: 'Delete the children first', code: 'FAMILY_NOT_EMPTY' });
    });
    const user = renderSection(onConfirm);

    await user.click(screen.getByRole('button', { name: 'Delete family' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete The Lovelaces' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Delete the children first');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete family' }));
    await user.click(screen.getByRole('button', { name: 'Delete family' }));
    expect(screen.getByRole('button', { name: 'Yes, delete The Lovelaces' })).toBeTruthy();
  });
});

describe('DeleteSection', () => {
  it('names the thing in the app’s words and leaves for the list once it is deleted', async () => {
    const onConfirm = vi.fn(async () => {});
    const user = userEvent.setup();
    render(
      <MemoryRouter initialEntries={['/children/ada']}>
        <Routes>
          <Route
            path="/children/ada"
            element={
              <DeleteSection name="Ada" noun="child" onConfirm={onConfirm} then="/children">
                Deletes every record of this child.
              </DeleteSection>
            }
          />
          <Route path="/children" element={<h1>Children</h1>} />
        </Routes>
      </MemoryRouter>,
    );

    expect(screen.getByRole('region', { name: 'Delete Ada' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Delete child' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete Ada' }));

    expect(await screen.findByRole('heading', { name: 'Children' })).toBeTruthy();
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
