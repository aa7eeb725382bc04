import { Link, useNavigate, useParams } from 'react-router-dom';
import { usePageTitle } from '../shell/usePageTitle';
import { ChildForm } from './ChildForm';

export function NewChildPage() {
  usePageTitle('Add a child');
  const { familyId = '' } = useParams();
  const navigate = useNavigate();
  return (
    <>
      <p className="crumbs">
        <Link to={`/trajectory/families/${familyId}`}>Back to the family</Link>
      </p>
      <h1>Add a child</h1>
      <div className="card form-card">
        <ChildForm familyId={familyId} onSaved={(child) => navigate(`/trajectory/children/${child.id}/details`)} />
      </div>
    </>
  );
}
