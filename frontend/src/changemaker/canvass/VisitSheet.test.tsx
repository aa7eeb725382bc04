import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeHousehold } from './testData';
import type { Household } from './types';
import { VisitSheet } from './VisitSheet';
import { EMPTY_FORM, visitInput, type VisitForm } from './visitRules';

const at = { id: 'visit-1', sessionId: 'session-1', locationId: 'door-1', visitedAt: '2025-06-10T09:30:00Z' };

function sheet(household: Household = makeHousehold(1), households: Household[] = [household]) {
  const onSave = vi.fn(async (_form: VisitForm) => undefined);
  const onCancel = vi.fn();
  render(<VisitSheet household={household} households={households} onSave={onSave} onCancel={onCancel} />);
  return { onSave, onCancel, user: userEvent.setup() };
}

describe('the visit sheet', () => {
  it('offers the seven outcomes in plain words, and asks for one before saving', async () => {
    const { onSave, user } = sheet();
    const outcomes = screen.getByRole('group', { name: 'What happened at the door?' });
    expect([...outcomes.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Not home',
      'Refused',
      'Moved',
      'Already voted',
      'Spoke with',
      'Left literature',
      'Come back later',
    ]);
    expect(document.activeElement?.textContent).toBe('1 Elm Street');

    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose what happened at the door');
    expect(onSave).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Refused' }));
    expect(screen.getByRole('button', { name: 'Refused' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    expect(visitInput(onSave.mock.calls[0][0], at)).toEqual({
      id: 'visit-1',
      session_id: 'session-1',
      location_id: 'door-1',
      outcome: 'refused',
      visited_at: '2025-06-10T09:30:00Z',
    });
  });

  it('asks support, sign and size only for "Spoke with"', async () => {
    const { onSave, user } = sheet();
    await user.click(screen.getByRole('button', { name: 'Not home' }));
    expect(screen.queryByRole('group', { name: 'Support' })).toBeNull();
    expect(screen.queryByLabelText('Wants a lawn sign')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Spoke with' }));
    const levels = screen.getByRole('group', { name: 'Support' });
    expect([...levels.querySelectorAll('label')].map((l) => l.textContent)).toEqual([
      'Not asked',
      '1 · Strong support',
      '2 · Leaning support',
      '3 · Undecided',
      '4 · Opposed',
    ]);
    await user.click(screen.getByLabelText('2 · Leaning support'));
    expect(screen.queryByLabelText('Sign size')).toBeNull();
    await user.click(screen.getByLabelText('Wants a lawn sign'));
    await user.selectOptions(screen.getByLabelText('Sign size'), 'medium');
    await user.type(screen.getByLabelText('Notes (optional)'), '  Call after six  ');
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    expect(visitInput(onSave.mock.calls[0][0], at)).toEqual({
      ...{ id: 'visit-1', session_id: 'session-1', location_id: 'door-1', visited_at: '2025-06-10T09:30:00Z' },
      outcome: 'spoke_with',
      support_level: 2,
      sign_requested: true,
      sign_size: 'medium',
      notes: 'Call after six',
    });
  });

  it('sends no support data with another outcome, even when it was filled in first', () => {
    const filled: VisitForm = { ...EMPTY_FORM, outcome: 'moved', supportLevel: 1, signRequested: true, signSize: 'large', wholeBuilding: true };
    expect(visitInput(filled, at)).toEqual({ ...{ id: 'visit-1', session_id: 'session-1', location_id: 'door-1' }, outcome: 'moved', visited_at: at.visitedAt });
    expect(visitInput({ ...EMPTY_FORM, outcome: 'spoke_with', signSize: 'large' }, at)).not.toHaveProperty('sign_size');
  });

  it('offers "Not home — whole building" only where the address has several units', async () => {
    const flats = ['1', '2', '3'].map((unit, i) => makeHousehold(i + 1, { address: '40 Oak Avenue', unit }));
    const { onSave, user } = sheet(flats[1], [...flats, makeHousehold(7)]);
    expect(screen.getByRole('heading', { name: '40 Oak Avenue, 2' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Not home — whole building (3 units)' }));
    expect(screen.getByRole('button', { name: 'Not home' }).getAttribute('aria-pressed')).toBe('false');
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    expect(visitInput(onSave.mock.calls[0][0], at)).toMatchObject({ outcome: 'not_home', whole_building: true });
  });

  it('does not offer the whole building for a house', () => {
    sheet(makeHousehold(1), [makeHousehold(1), makeHousehold(2)]);
    expect(screen.queryByRole('button', { name: /whole building/ })).toBeNull();
  });

  it('refuses notes over 1000 characters', async () => {
    const { onSave, user } = sheet();
    await user.click(screen.getByRole('button', { name: 'Moved' }));
    const notes = screen.getByLabelText('Notes (optional)');
    await user.click(notes);
    await user.paste('x'.repeat(1001));
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    expect(screen.getByText('At most 1000 characters')).toBeTruthy();
    expect(notes.getAttribute('aria-invalid')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('records one visit for a double tap', async () => {
    const { onSave, user } = sheet();
    let release!: () => void;
    onSave.mockImplementation(() => new Promise<undefined>((r) => (release = () => r(undefined))));
    await user.click(screen.getByRole('button', { name: 'Moved' }));
    const save = screen.getByRole('button', { name: 'Save visit' });
    await user.click(save);
    await user.click(save);
    release();
    expect(onSave).toHaveBeenCalledOnce();
  });

  it('closes without a visit on Escape or Cancel', async () => {
    const { onSave, onCancel, user } = sheet();
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onSave).not.toHaveBeenCalled();
  });
});
