import { Link, useNavigate, useParams } from 'react-router-dom';
import { Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { ChildForm, type PhotoOutcome } from './ChildForm';
import { useTrajectory } from './hooks';
import { canWrite } from './labels';
import { ErrorText } from './LoadError';

export function NewChildPage() {
  usePageTitle('Add a child');
  const { familyId = '' } = useParams();
  const api = useTrajectory();
  const navigate = useNavigate();
  const family = useLoad(() => api.family(familyId), [api, familyId]);

  return (
    <>
      <p className="crumbs">
        <Link to={`/trajectory/families/${familyId}`}>Back to the family</Link>
      </p>
      <h1>Add a child</h1>
      {family.loading && <Loading />}
      <ErrorText message={family.error} />
      {family.data && !canWrite(family.data.role) && (
        <p className="alert alert-info">Your role in this family lets you read records, not change them.</p>
      )}
      {family.data && canWrite(family.data.role) && (
        <div className="card form-card">
          <ChildForm
            familyId={familyId}
            onSaved={(child, photo) =>
              navigate(`/trajectory/children/${child.id}`, { state: { notice: addedNotice(child.name, photo) } })
            }
          />
        </div>
      )}
    </>
  );
}

/** What the child's page says after adding: the child is there, and what became of the photo. */
function addedNotice(name: string, photo?: PhotoOutcome): string {
  if (!photo) return `${name} has been added.`;
  if (photo.saved) return `${name} has been added, with a photo.`;
  return `${name} has been added. The photo could not be saved (${photo.error}): add it again under Details.`;
}
