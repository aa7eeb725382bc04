import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import type { Family } from '../../api/trajectoryTypes';
import { useTrajectory } from '../hooks';
import { ErrorText } from '../LoadError';

/** The owner deletes an empty family; with children the API answers 409 FAMILY_NOT_EMPTY. */
export function DeleteFamily({ family }: { family: Family }) {
  const api = useTrajectory();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setError(null);
    try {
      await api.deleteFamily(family.id);
      navigate('/trajectory');
    } catch (caught) {
      setError(errorMessage(caught));
      setConfirming(false);
    }
  }

  return (
    <section className="card danger-zone" aria-labelledby="delete-family-heading">
      <h2 id="delete-family-heading">Delete {family.name}</h2>
      <p className="muted">Only a family without children can be deleted.</p>
      <ErrorText message={error} />
      {confirming ? (
        <div className="actions">
          <button type="button" className="danger" onClick={remove}>
            Yes, delete {family.name}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete family
        </button>
      )}
    </section>
  );
}
