import { useState } from 'react';
import { errorMessage } from '../api/errors';
import type { Child } from '../api/trajectoryTypes';
import { ConfirmButton } from '../shell/confirm';
import { FormError, SelectField } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { useTrajectory } from './hooks';

/**
 * Moving a child, with every record, file and its history, to another family
 * the user owns (the API allows it only to an owner of both). Offered to owners
 * only, and only when they own another family; it is also the way to empty a
 * family before deleting it.
 */
export function MoveChild({ child, onMoved }: { child: Child; onMoved(child: Child, familyName: string): void }) {
  const api = useTrajectory();
  const families = useLoad(() => api.families(), [api]);
  const targets = (families.data?.data ?? []).filter((f) => f.role === 'owner' && f.id !== child.family_id);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (child.role !== 'owner' || targets.length === 0) return null;
  const chosen = targets.find((f) => f.id === target) ?? targets[0];

  async function move() {
    setError(null);
    try {
      onMoved(await api.moveChild(child.id, chosen.id), chosen.name);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="card" aria-labelledby="move-heading">
      <h2 id="move-heading">Move {child.name} to another family</h2>
      <p className="muted">
        Every record, file and the history go with {child.name}. Members of this family will no longer see them; its
        export archives are withdrawn, since they hold these records.
      </p>
      <FormError message={error} />
      <SelectField
        label="Family"
        name="family_id"
        options={targets.map((f) => ({ value: f.id, label: f.name }))}
        value={chosen.id}
        onChange={(e) => setTarget(e.target.value)}
      />
      <ConfirmButton
        label={`Move ${child.name}`}
        className=""
        confirmLabel={`Yes, move to ${chosen.name}`}
        question={`Move ${child.name} and every record to ${chosen.name}?`}
        onConfirm={move}
      />
    </section>
  );
}
