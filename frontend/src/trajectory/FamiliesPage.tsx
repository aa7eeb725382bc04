import { Link } from 'react-router-dom';
import type { Child, Family } from '../api/trajectoryTypes';
import { Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { ChildCards } from './ChildCard';
import { CreateFamilyForm } from './CreateFamilyForm';
import { useTrajectory } from './hooks';
import { ROLE_LABELS } from './labels';
import { LoadError } from './LoadError';

/** Start page of Trajectory: every family of the user with its children. */
export function FamiliesPage() {
  usePageTitle('Trajectory');
  const api = useTrajectory();
  const load = useLoad(async () => {
    const [families, children] = await Promise.all([api.families(), api.children()]);
    return { families: families.data, children: children.data };
  }, [api]);

  if (load.loading) return <Loading label="Loading your families…" />;
  if (load.error || !load.data) return <LoadError title="Trajectory" message={load.error} retry={load.reload} />;

  const { families, children } = load.data;
  return (
    <>
      <h1>Trajectory</h1>
      {families.length === 0 && (
        <p>
          Trajectory keeps your family&apos;s health records in one place: growth, doctor visits, illnesses and
          medical events, shared with the people who care for your children. Start by creating a family.
        </p>
      )}
      {families.map((family) => (
        <FamilySummary key={family.id} family={family} children={children.filter((c) => c.family_id === family.id)} />
      ))}
      <CreateFamilyForm first={families.length === 0} />
    </>
  );
}

function FamilySummary({ family, children }: { family: Family; children: Child[] }) {
  return (
    <section className="family-summary" aria-labelledby={`family-${family.id}`}>
      <h2 id={`family-${family.id}`}>
        <Link to={`/trajectory/families/${family.id}`}>{family.name}</Link>
        <span className="badge">{ROLE_LABELS[family.role]}</span>
      </h2>
      {children.length > 0 ? <ChildCards children={children} /> : <p className="muted">No children yet.</p>}
    </section>
  );
}
