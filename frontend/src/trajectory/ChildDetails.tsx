import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Child } from '../api/trajectoryTypes';
import { DeleteSection } from '../shell/confirm';
import { Notice } from '../shell/forms';
import { AvatarUpload } from './AvatarUpload';
import { ChildForm } from './ChildForm';
import { formatDate } from './dates';
import { useTrajectory, useUnits } from './hooks';
import { canWrite } from './labels';
import { MoveChild } from './MoveChild';
import { formatQuantity } from './units';

interface ChildDetailsProps {
  child: Child;
  onChanged(child: Child): void;
  onReload(): void;
}

/** The child's own details: a form for writers, a read-out for read-only members. */
export function ChildDetails({ child, onChanged, onReload }: ChildDetailsProps) {
  const api = useTrajectory();
  const units = useUnits();
  const navigate = useNavigate();
  // One message at a time: each action's outcome replaces the last one's.
  const [notice, setNotice] = useState<string | null>(null);

  if (!canWrite(child.role)) {
    return (
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="facts">
          <dt>Date of birth</dt>
          <dd>{formatDate(child.date_of_birth)}</dd>
          <dt>Sex at birth</dt>
          <dd>{child.sex === 'female' ? 'Female' : 'Male'}</dd>
          {child.due_date && (
            <>
              <dt>Due date</dt>
              <dd>{formatDate(child.due_date)}</dd>
            </>
          )}
          {child.birth_weight_kg !== null && (
            <>
              <dt>Birth weight</dt>
              <dd>{formatQuantity(units, 'weight', child.birth_weight_kg)}</dd>
            </>
          )}
          {child.birth_length_cm !== null && (
            <>
              <dt>Birth length</dt>
              <dd>{formatQuantity(units, 'length', child.birth_length_cm)}</dd>
            </>
          )}
          {child.notes && (
            <>
              <dt>Notes</dt>
              <dd className="pre">{child.notes}</dd>
            </>
          )}
        </dl>
      </section>
    );
  }

  return (
    <>
      {notice && <Notice>{notice}</Notice>}
      <section className="card" aria-labelledby="photo-heading">
        <h2 id="photo-heading">Photo</h2>
        <AvatarUpload child={child} onChanged={onChanged} onNotice={setNotice} />
      </section>
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <ChildForm
          key={child.updated_at}
          familyId={child.family_id}
          child={child}
          onSaved={(updated) => {
            setNotice('The details have been saved.');
            onChanged(updated);
          }}
          onReload={onReload}
          onSubmitting={() => setNotice(null)}
        />
      </section>
      <MoveChild
        child={child}
        onMoved={(moved, familyName) => {
          onChanged(moved);
          navigate(`/trajectory/children/${moved.id}`, { state: { notice: `${moved.name} has moved to ${familyName}.` } });
        }}
      />
      <DeleteSection name={child.name} noun="child" onConfirm={() => api.deleteChild(child.id)} then={`/trajectory/families/${child.family_id}`}>
        Deletes every record and file of this child. This cannot be undone.
      </DeleteSection>
    </>
  );
}
