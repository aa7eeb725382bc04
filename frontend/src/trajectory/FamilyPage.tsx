import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { CalendarFeed } from './calendar/CalendarFeed';
import { ChildCards } from './ChildCard';
import { ExportPanel } from './ExportPanel';
import { useTrajectory, useUnits } from './hooks';
import { ROLE_LABELS, canWrite } from './labels';
import { LoadError } from './LoadError';
import { keepFamily } from './offline';
import { Invites } from './settings/Invites';

/** A family's home: its children as cards, and what a member may do with it. */
export function FamilyPage() {
  const { familyId = '' } = useParams();
  const api = useTrajectory();
  const units = useUnits();
  const [inviting, setInviting] = useState(false);
  const load = useLoad(async () => {
    const [family, children] = await Promise.all([api.family(familyId), api.children(familyId)]);
    // The last-viewed family is what the installed app shows offline.
    keepFamily(family, children.data, units);
    return { family, children: children.data };
  }, [api, familyId]);
  usePageTitle(load.data?.family.name ?? 'Family');

  if (load.loading) return <Loading label="Loading the family…" />;
  if (load.error || !load.data) return <LoadError title="Family" message={load.error} retry={load.reload} />;

  const { family, children } = load.data;
  const writer = canWrite(family.role);
  return (
    <>
      <p className="crumbs">
        <Link to="/trajectory">Families</Link>
      </p>
      <div className="page-head">
        <h1>
          {family.name} <span className="badge">{ROLE_LABELS[family.role]}</span>
        </h1>
        <div className="actions">
          {writer && (
            <Link className="button primary" to={`/trajectory/families/${family.id}/children/new`}>
              Add a child
            </Link>
          )}
          {writer && (
            <button type="button" aria-expanded={inviting} aria-controls="family-invite" onClick={() => setInviting(!inviting)}>
              Invite someone
            </button>
          )}
          <Link className="button" to={`/trajectory/families/${family.id}/settings`}>
            Family settings
          </Link>
        </div>
      </div>
      {writer && inviting && (
        <div id="family-invite">
          <Invites familyId={family.id} />
        </div>
      )}
      {children.length > 0 ? (
        <ChildCards children={children} />
      ) : (
        <p>{writer ? 'No children yet. Add one to start keeping records.' : 'No children yet.'}</p>
      )}
      {writer && <ExportPanel familyId={family.id} />}
      <CalendarFeed family={family} />
    </>
  );
}
