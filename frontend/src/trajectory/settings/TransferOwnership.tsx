import { useState, type FormEvent } from 'react';
import type { Family, Member } from '../../api/trajectoryTypes';
import { FormError, SelectField, SubmitButton } from '../../shell/forms';
import { useSubmit } from '../../shell/useSubmit';
import { useTrajectory } from '../hooks';

interface Props {
  family: Family;
  members: Member[];
  me: string;
  onTransferred(): void;
}

/** The owner hands ownership to another member and becomes a parent. */
export function TransferOwnership({ family, members, me, onTransferred }: Props) {
  const api = useTrajectory();
  const others = members.filter((m) => m.user_id !== me);
  const [target, setTarget] = useState('');
  const [confirming, setConfirming] = useState(false);
  const { pending, error, fieldErrors, run } = useSubmit(['user_id']);

  if (others.length === 0) return null;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!confirming) {
      const ok = await run(async () => setConfirming(true), target ? {} : { user_id: 'Choose a member' });
      if (!ok) setConfirming(false);
      return;
    }
    const ok = await run(async () => {
      await api.transferOwnership(family.id, target);
    });
    setConfirming(false);
    if (ok) onTransferred();
  }

  const chosen = others.find((m) => m.user_id === target);
  return (
    <section className="card" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Transfer ownership</h2>
      <p className="muted">The new owner can rename and delete the family; you become a parent.</p>
      <form onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <SelectField
          label="New owner"
          name="user_id"
          options={[{ value: '', label: 'Choose a member…' }, ...others.map((m) => ({ value: m.user_id, label: m.display_name || m.username }))]}
          value={target}
          onChange={(e) => {
            setTarget(e.target.value);
            setConfirming(false);
          }}
          error={fieldErrors.user_id}
        />
        {confirming && chosen && (
          <p className="alert alert-info">Make {chosen.display_name || chosen.username} the owner of {family.name}?</p>
        )}
        <SubmitButton pending={pending} pendingLabel="Transferring…">
          {confirming ? 'Yes, transfer ownership' : 'Transfer ownership'}
        </SubmitButton>
      </form>
    </section>
  );
}
