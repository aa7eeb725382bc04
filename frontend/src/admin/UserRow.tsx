import { useState } from 'react';
import { errorMessage } from '../api/errors';
import { ROLES, type Role, type User, type UserUpdate } from '../api/types';
import { useApi } from '../auth/AuthContext';
import { formatDay } from '../trajectory/dates';

interface UserRowProps {
  user: User;
  /** Your own row: changing your role or disabling yourself could lock every admin out. */
  isSelf: boolean;
  onSaved(user: User): void;
}

/** One account; a change to role or status is saved at once. */
export function UserRow({ user, isSelf, onSaved }: UserRowProps) {
  const api = useApi();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(update: UserUpdate) {
    setPending(true);
    setError(null);
    try {
      onSaved(await api.updateUser(user.id, update));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  const locked = pending || isSelf;
  return (
    <tr aria-busy={pending}>
      <td>
        {user.username}
        {isSelf && <span className="badge">you</span>}
      </td>
      <td>{user.display_name}</td>
      <td>{user.email}</td>
      <td>
        <select
          aria-label={`Role of ${user.username}`}
          value={user.role}
          disabled={locked}
          onChange={(e) => void save({ role: e.target.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </td>
      <td>
        <label className="choice">
          <input
            type="checkbox"
            aria-label={`Disable ${user.username}`}
            checked={user.disabled}
            disabled={locked}
            onChange={(e) => void save({ disabled: e.target.checked })}
          />
          {user.disabled ? 'Disabled' : 'Active'}
        </label>
      </td>
      <td>
        <time dateTime={user.created_at}>{formatDay(user.created_at)}</time>
      </td>
    </tr>
  );
}
