import { Link, useParams } from 'react-router-dom';
import type { Family, Member } from '../../api/trajectoryTypes';
import { useAuth } from '../../auth/AuthContext';
import { DeleteSection } from '../../shell/confirm';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useTrajectory } from '../hooks';
import { ROLE_LABELS, canWrite } from '../labels';
import { LoadError } from '../LoadError';
import { Invites } from './Invites';
import { LeaveFamily } from './LeaveFamily';
import { MembersTable } from './MembersTable';
import { RenameFamily } from './RenameFamily';
import { TransferOwnership } from './TransferOwnership';

/** Members, roles, invitations, ownership, leaving and deleting: each shown only to who may use it. */
export function FamilySettingsPage() {
  const { familyId = '' } = useParams();
  const api = useTrajectory();
  const { user } = useAuth();
  const load = useLoad(async () => {
    const [family, members] = await Promise.all([api.family(familyId), api.members(familyId)]);
    return { family, members };
  }, [api, familyId]);
  usePageTitle(load.data ? `${load.data.family.name}: settings` : 'Family settings');

  if (load.loading && !load.data) return <Loading label="Loading the family…" />;
  if (load.error || !load.data) return <LoadError title="Family settings" message={load.error} retry={load.reload} />;

  const { family, members } = load.data;
  const setFamily = (f: Family) => load.setData({ family: f, members });
  const setMembers = (m: Member[]) => load.setData({ family, members: m });
  const owner = family.role === 'owner';
  const onlyOwner = owner && members.filter((m) => m.role === 'owner').length === 1;

  return (
    <>
      <p className="crumbs">
        <Link to={`/trajectory/families/${family.id}`}>Back to {family.name}</Link>
      </p>
      <h1>Settings of {family.name}</h1>
      <p className="muted">Your role: {ROLE_LABELS[family.role]}.</p>
      {owner && <RenameFamily family={family} onRenamed={setFamily} />}
      <MembersTable family={family} members={members} me={user?.id ?? ''} onChanged={setMembers} onRemoved={load.reload} />
      {canWrite(family.role) && <Invites familyId={family.id} />}
      {owner && <TransferOwnership family={family} members={members} me={user?.id ?? ''} onTransferred={load.reload} />}
      <LeaveFamily family={family} me={user?.id ?? ''} onlyOwner={onlyOwner} />
      {owner && family.child_count > 0 && (
        // The API refuses (409 FAMILY_NOT_EMPTY, "Move or delete this family's children"): say what must happen first instead of offering a button.
        <section className="card danger-zone" aria-labelledby="delete-family-heading">
          <h2 id="delete-family-heading">Delete {family.name}</h2>
          <p className="muted">
            {family.name} still has {family.child_count === 1 ? '1 child' : `${family.child_count} children`}.{' '}
            {family.child_count === 1
              ? 'Move the child to another family you own, or delete it (both under its Details), first;'
              : 'Move each child to another family you own, or delete it (both under its Details), first;'}{' '}
            then the family can be deleted.
          </p>
        </section>
      )}
      {owner && family.child_count === 0 && (
        <DeleteSection name={family.name} noun="family" onConfirm={() => api.deleteFamily(family.id)} then="/trajectory">
          Deletes the family, its invitations and its exports. This cannot be undone.
        </DeleteSection>
      )}
    </>
  );
}
