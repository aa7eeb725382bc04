import { usePageTitle } from '../shell/usePageTitle';

/** Start page of the Trajectory area; its family and child pages hang below /trajectory. */
export function TrajectoryHome() {
  usePageTitle('Trajectory');
  return (
    <section>
      <h1>Trajectory</h1>
      <p>
        Trajectory keeps your family&apos;s health records in one place: children&apos;s growth,
        doctor visits, illnesses and medical events, shared with the people who care for them.
      </p>
    </section>
  );
}
