import type { Family } from '../../api/trajectoryTypes';
import { ConfirmSection } from '../../shell/confirm';
import { useTrajectory } from '../hooks';

/** Any member may leave; the only owner is told to transfer ownership first (409 LAST_OWNER). */
export function LeaveFamily({ family, me }: { family: Family; me: string }) {
  const api = useTrajectory();
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
