import type { Family } from '../../api/trajectoryTypes';
import { ConfirmSection } from '../../shell/confirm';
import { useTrajectory } from '../hooks';

/**
 * Leaving the family. The only owner cannot leave (the API answers 409
 * LAST_OWNER), so they are told beforehand what to do instead and get no button.
 */
export function LeaveFamily({ family, me, onlyOwner }: { family: Family; me: string; onlyOwner: boolean }) {
  const api = useTrajectory();
  if (onlyOwner) {
    return (
      <section className="card" aria-labelledby="leave-heading">
        <h2 id="leave-heading">Leave {family.name}</h2>
        <p className="muted">
          {family.member_count > 1
            ? 'You are the only owner: make another member owner first (under Transfer ownership), then you can leave.'
            : 'You are the only owner: make another member owner first (under Transfer ownership), then you can leave. Nobody else is in this family yet: invite someone, or delete the family instead.'}
        </p>
      </section>
    );
  }
  return (
    <ConfirmSection
      title={`Leave ${family.name}`}
      label="Leave family"
      confirmLabel={`Yes, leave ${family.name}`}
      cancelLabel="Stay"
      danger={false}
      onConfirm={() => api.removeMember(family.id, me)}
      then="/trajectory"
    >
      You will no longer see this family&apos;s children or records.
    </ConfirmSection>
  );
}
