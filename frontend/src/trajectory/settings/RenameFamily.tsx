import { useState, type FormEvent } from 'react';
import type { Family } from '../../api/trajectoryTypes';
import { Field, FormError, Notice, SubmitButton } from '../../shell/forms';
import { useSubmit } from '../../shell/useSubmit';
import { collect } from '../../shell/validation';
import { useTrajectory } from '../hooks';
import { nameProblem } from '../validation';

export function RenameFamily({ family, onRenamed }: { family: Family; onRenamed(f: Family): void }) {
  const api = useTrajectory();
  const [name, setName] = useState(family.name);
  const [saved, setSaved] = useState(false);
  const { pending, error, fieldErrors, run } = useSubmit(['name']);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const ok = await run(async () => onRenamed(await api.renameFamily(family.id, name.trim())), collect({ name: nameProblem(name) }));
    if (ok) setSaved(true);
  }

  return (
    <section className="card" aria-labelledby="rename-heading">
      <h2 id="rename-heading">Name</h2>
      {saved && <Notice>The family has been renamed.</Notice>}
      <form onSubmit={onSubmit} noValidate className="inline-form">
        <FormError message={error} />
        <Field label="Family name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name} />
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Rename
        </SubmitButton>
      </form>
    </section>
  );
}
