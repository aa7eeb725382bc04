import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import type { PasswordChange } from '../api/types';
import { PasswordForm } from './PasswordForm';
import { PASSWORD_HINT, PASSWORD_RULE } from './validation';

function renderForm(save: (passwords: PasswordChange) => Promise<void> = vi.fn(async () => {}), askCurrent = false) {
  const onSaved = vi.fn();
  const user = userEvent.setup();
  render(<PasswordForm askCurrent={askCurrent} submitLabel="Save password" pendingLabel="Saving…" save={save} onSaved={onSaved} />);
  return { user, save, onSaved };
}

/** The texts of the elements that describe `field`, in order. */
function description(field: HTMLElement): string[] {
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '');
}

describe('PasswordForm', () => {
  it('states the policy under the new password before anything is typed', () => {
    renderForm();
    const field = screen.getByLabelText('New password');
    expect(field.getAttribute('type')).toBe('password');
    expect(field.getAttribute('autocomplete')).toBe('new-password');
    expect(description(field)).toEqual([PASSWORD_HINT]);
    expect(screen.queryByLabelText('Current password')).toBeNull();
  });

  it('refuses a password outside the policy with the server’s message, without sending it', async () => {
    const { user, save } = renderForm();

    for (const weak of ['Short1a', 'alllowercase123', 'ALLUPPERCASE123', 'NoDigitsAtAllHere']) {
      await user.clear(screen.getByLabelText('New password'));
      await user.type(screen.getByLabelText('New password'), weak);
      await user.click(screen.getByRole('button', { name: 'Save password' }));
      const field = screen.getByLabelText('New password');
      expect(field.getAttribute('aria-invalid'), weak).toBe('true');
      expect(description(field), weak).toEqual([PASSWORD_HINT, PASSWORD_RULE]);
    }
    expect(save).not.toHaveBeenCalled();
  });

  it('asks for the current password when told to, and sends both', async () => {
    const { user, save, onSaved } = renderForm(vi.fn(async () => {}), true);

    await user.type(screen.getByLabelText('New password'), 'Correct-horse-2');
    await user.click(screen.getByRole('button', { name: 'Save password' }));
    expect(description(screen.getByLabelText('Current password'))).toEqual(['Enter your current password']);
    expect(save).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('Current password'), 'Correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Save password' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(save).toHaveBeenCalledWith({ current_password: 'Correct-horse-1', new_password: 'Correct-horse-2' });
  });

  it('shows the server’s messages next to their fields, and the rest above the form', async () => {
    const save = vi
      .fn<(passwords: PasswordChange) => Promise<void>>()
      .mockRejectedValueOnce(
        new ApiError(422, { error: 'Invalid input', code: 'VALIDATION', details: { new_password: 'Password is too common' } }),
      )
      .mockRejectedValueOnce(new ApiError(400, { error: 'This link has expired', code: 'INVALID_TOKEN' }));
    const { user, onSaved } = renderForm(save);

    await user.type(screen.getByLabelText('New password'), 'Password1234');
    await user.click(screen.getByRole('button', { name: 'Save password' }));
    await waitFor(() => expect(description(screen.getByLabelText('New password'))).toEqual([PASSWORD_HINT, 'Password is too common']));
    expect(screen.queryByRole('alert')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Save password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This link has expired');
    expect(onSaved).not.toHaveBeenCalled();
  });
});
