import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../api/errors';
import type { Child } from '../api/trajectoryTypes';
import { Notice } from '../shell/forms';
import { AvatarUpload } from './AvatarUpload';
import { ChildForm } from './ChildForm';
import { formatDate } from './dates';
import { useTrajectory, useUnits } from './hooks';
import { canWrite } from './labels';
import { ErrorText } from './LoadError';
import { formatQuantity } from './units';

interface ChildDetailsProps {
  child: Child;
  onChanged(child: Child): void;
  onReload(): void;
}

/** The child's own details: a form for writers, a read-out for read-only members. */
export function ChildDetails({ child, onChanged, onReload }: ChildDetailsProps) {
  const units = useUnits();
  const [saved, setSaved] = useState(false);

  if (!canWrite(child.role)) {
    return (
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="facts">
          <dt>Date of birth</dt>
          <dd>{formatDate(child.date_of_birth)}</dd>
          <dt>Sex at birth</dt>
          <dd>{child.sex === 'female' ? 'Female' : 'Male'}</dd>
          {child.due_date && (
            <>
              <dt>Due date</dt>
              <dd>{formatDate(child.due_date)}</dd>
            </>
          )}
          {child.birth_weight_kg !== null && (
            <>
              <dt>Birth weight</dt>
              <dd>{formatQuantity(units, 'weight', child.birth_weight_kg)}</dd>
            </>
          )}
          {child.birth_length_cm !== null && (
            <>
              <dt>Birth length</dt>
              <dd>{formatQuantity(units, 'length', child.birth_length_cm)}</dd>
            </>
          )}
          {child.notes && (
            <>
              <dt>Notes</dt>
              <dd className="pre">{child.notes}</dd>
            </>
          )}
        </dl>
      </section>
    );
  }

  return (
    <>
      <section className="card" aria-labelledby="photo-heading">
        <h2 id="photo-heading">Photo</h2>
        <AvatarUpload child={child} onChanged={onChanged} />
      </section>
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        {saved && <Notice>The details have been saved.</Notice>}
        <ChildForm
          key={child.updated_at}
          familyId={child.family_id}
          child={child}
          onSaved={(updated) => {
            setSaved(true);
            onChanged(updated);
          }}
          onReload={onReload}
        />
      </section>
      <DeleteChild child={child} />
    </>
  );
}

function DeleteChild({ child }: { child: Child }) {
  const api = useTrajectory();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    try {
      await api.deleteChild(child.id);
      navigate(`/trajectory/families/${child.family_id}`);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="card danger-zone" aria-labelledby="delete-child-heading">
      <h2 id="delete-child-heading">Delete {child.name}</h2>
      <p className="muted">Deletes every record and file of this child. This cannot be undone.</p>
      <ErrorText message={error} />
      {confirming ? (
        <div className="actions">
          <button type="button" className="danger" onClick={remove}>
            Yes, delete {child.name}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete child
        </button>
      )}
    </section>
  );
}
