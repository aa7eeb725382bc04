import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Field, FormError, SubmitButton } from '../shell/forms';
import { useSubmit } from '../shell/useSubmit';
import { collect } from '../shell/validation';
import { useTrajectory } from './hooks';
import { nameProblem } from './validation';

const FIELDS = ['name'] as const;

/** Creates a family with the caller as owner, then opens it. */
export function CreateFamilyForm({ first }: { first: boolean }) {
  const api = useTrajectory();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const { pending, error, fieldErrors, run } = useSubmit(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const family = await api.createFamily(name.trim());
      navigate(`/trajectory/families/${family.id}`);
    }, collect({ name: nameProblem(name) }));
  }

  return (
    <section className="card" aria-labelledby="new-family-heading">
      <h2 id="new-family-heading">{first ? 'Create your family' : 'Create another family'}</h2>
      <form onSubmit={onSubmit} noValidate className="inline-form">
        <FormError message={error} />
        <Field
          label="Family name"
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors.name}
          required
        />
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create family
        </SubmitButton>
      </form>
    </section>
  );
}
