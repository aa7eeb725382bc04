import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { AssignableRole, Family, Member } from '../../api/trajectoryTypes';
import { ConfirmButton } from '../../shell/confirm';
import { useTrajectory } from '../hooks';
import { ROLE_LABELS, canWrite } from '../labels';
import { ErrorText } from '../LoadError';

interface Props {
  family: Family;
  members: Member[];
  me: string;
  onChanged(members: Member[]): void;
  onRemoved(): void;
}

/** Members and their roles; owners and parents may change the roles of others and remove them. */
export function MembersTable({ family, members, me, onChanged, onRemoved }: Props) {
  const api = useTrajectory();
  const [error, setError] = useState<string | null>(null);
  const manager = canWrite(family.role);

  async function act(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const changeRole = (m: Member, role: AssignableRole) =>
    act(async () => onChanged(await api.changeRole(family.id, m.user_id, role)));
  const remove = (m: Member) =>
    act(async () => {
      await api.removeMember(family.id, m.user_id);
      onRemoved();
    });

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <ErrorText message={error} />
      <ul className="members">
        {members.map((m) => {
          const name = m.display_name || m.username;
          const editable = manager && m.role !== 'owner' && m.user_id !== me;
          return (
            <li key={m.user_id} className="member">
              <div>
                <strong>{name}</strong>
                {m.user_id === me && <span className="badge">You</span>}
                <div className="muted">{m.email}</div>
              </div>
              {editable ? (
                <div className="entry-actions">
                  <label className="visually-hidden" htmlFor={`role-${m.user_id}`}>
                    Role of {name}
                  </label>
                  <select id={`role-${m.user_id}`} value={m.role} onChange={(e) => changeRole(m, e.target.value as AssignableRole)}>
                    <option value="parent">{ROLE_LABELS.parent}</option>
                    <option value="read_only">{ROLE_LABELS.read_only}</option>
                  </select>
                  <ConfirmButton
                    label={`Remove ${name}`}
                    confirmLabel={`Yes, remove ${name}`}
                    question={`Remove ${name} from ${family.name}?`}
                    onConfirm={() => remove(m)}
                  />
                </div>
              ) : (
                <span className="role">{ROLE_LABELS[m.role]}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
