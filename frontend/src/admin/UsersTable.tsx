import { useState, type FormEvent } from 'react';
import type { User } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { Loading } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { UserRow } from './UserRow';

export const PAGE_SIZE = 20;

/** Every account, searchable and paged by the server. */
export function UsersTable() {
  const { api, user: me } = useAuth();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const users = useLoad(() => api.listUsers({ page, limit: PAGE_SIZE, q: query }), [api, page, query]);

  function onSearch(event: FormEvent) {
    event.preventDefault();
    setPage(1);
    setQuery(draft.trim());
  }

  function replaceUser(updated: User) {
    if (!users.data) return;
    users.setData({
      ...users.data,
      data: users.data.data.map((u) => (u.id === updated.id ? updated : u)),
    });
  }

  const meta = users.data?.meta;
  const pages = meta ? Math.max(1, Math.ceil(meta.total / meta.limit)) : 1;

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <form role="search" onSubmit={onSearch} className="search">
        <label htmlFor="user-search">Search users</label>
        <input
          id="user-search"
          type="search"
          value={draft}
          placeholder="Username, email or name"
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      {users.loading && <Loading label="Loading users…" />}
      {users.error && (
        <p role="alert" className="alert alert-error">
          {users.error}
        </p>
      )}
      {users.data && !users.loading && (
        <>
          {users.data.data.length === 0 ? (
            <p>No users match.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Username</th>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.data.map((user) => (
                    <UserRow key={user.id} user={user} isSelf={user.id === me?.id} onSaved={replaceUser} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pager" aria-label="Pages of users">
            <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1}>
              Previous
            </button>
            <span>
              Page {meta?.page ?? page} of {pages} · {meta?.total ?? 0} users
            </span>
            <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages}>
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
