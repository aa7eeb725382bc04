import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { FieldErrors } from '../api/errors';
import { CheckboxGroup, Field, FormError, SelectField, TextArea } from './forms';
import { useRevealErrors } from './useRevealErrors';

/** The texts of the elements that describe `control`, in order. */
function description(control: HTMLElement): string[] {
  const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '');
}

describe('labelled controls', () => {
  it('announce their hint and error with the control, and mark it invalid', () => {
    render(
      <>
        <Field label="Name" name="name" hint="As on the birth certificate" error="Enter a name" />
        <SelectField label="Sex" name="sex" options={[{ value: 'female', label: 'Female' }]} error="Choose one" />
        <TextArea label="Notes" name="notes" hint="Optional" />
      </>,
    );

    const name = screen.getByLabelText('Name');
    expect(name.getAttribute('name')).toBe('name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(description(name)).toEqual(['As on the birth certificate', 'Enter a name']);

    const sex = screen.getByLabelText('Sex');
    expect(sex.tagName).toBe('SELECT');
    expect(description(sex)).toEqual(['Choose one']);

    const notes = screen.getByLabelText('Notes');
    expect(notes.tagName).toBe('TEXTAREA');
    expect(notes.getAttribute('aria-invalid')).toBeNull();
    expect(description(notes)).toEqual(['Optional']);
  });

  it('a group of choices toggles values and is described by its error as a whole', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(
      <CheckboxGroup
        legend="Illness types"
        name="illness_types"
        options={['flu', 'cold'] as const}
        labels={{ flu: 'Flu', cold: 'Cold' }}
        value={['flu']}
        onChange={onChange}
        error="Choose at least one"
      />,
    );

    const group = screen.getByRole('group', { name: 'Illness types' });
    expect(description(group)).toEqual(['Choose at least one']);
    await user.click(screen.getByLabelText('Cold'));
    expect(onChange).toHaveBeenLastCalledWith(['flu', 'cold']);
    await user.click(screen.getByLabelText('Flu'));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });
});

function RevealingForm({ problems }: { problems: FieldErrors }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const ref = useRevealErrors(message, errors);
  return (
    <form
      ref={ref}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setErrors(problems);
        setMessage(null);
      }}
    >
      <FormError message={message} />
      <Field label="Name" name="name" error={errors.name} />
      <Field label="Email" name="email" error={errors.email} />
      <button type="submit">Save</button>
    </form>
  );
}

describe('useRevealErrors', () => {
  it('focuses the first invalid field after a failed save', async () => {
    const user = userEvent.setup();
    render(<RevealingForm problems={{ email: 'Enter a valid email address' }} />);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
  });
});
