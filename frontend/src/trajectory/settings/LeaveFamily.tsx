import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import type { Family } from '../../api/trajectoryTypes';
import { useTrajectory } from '../hooks';
import { ErrorText } from '../LoadError';

/** Any member may leave; the only owner is told to transfer ownership first (409 LAST_OWNER). */
export function LeaveFamily({ family, me }: { family: Family; me: string }) {
  const api = useTrajectory();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function leave() {
    setError(null);
    try {
      await api.removeMember(family.id, me);
      navigate('/trajectory');
    } catch (caught) {
      setError(errorMessage(caught));
      setConfirming(false);
    }
  }

  return (
    <section className="card" aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave {family.name}</h2>
      <p className="muted">You will no longer see this family&apos;s children or records.</p>
      <ErrorText message={error} />
      {confirming ? (
        <div className="actions">
          <button type="button" className="danger" onClick={leave}>
            Yes, leave {family.name}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Stay
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Leave family
        </button>
      )}
    </section>
  );
}
