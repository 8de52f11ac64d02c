import { useState } from 'preact/hooks';
import { useLiveReload } from '../../live/use-live-reload.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import { loadAllUsers } from './load-users.js';
import { UserCreateForm } from './user-create-form.js';
import type { UserView } from './user-model.js';
import { UserPanel } from './user-panel.js';

/**
 * The users: the list (kept current from the live stream), a form to create one, and for each
 * user a panel to change its role or display name, disable it, set its password, end its
 * sessions, remove its second factor or delete it. A new user's panel opens at once, to give
 * it a password.
 */
export function UsersSection() {
  const users = useApi('admin-users', loadAllUsers);
  useLiveReload(['auth.user_'], users.reload);
  const [openId, setOpenId] = useState<string | null>(null);
  const [createdId, setCreatedId] = useState<string | null>(null);

  const created = (user: UserView) => {
    setOpenId(user.id);
    setCreatedId(user.id);
    users.reload();
  };
  const toggle = (id: string) => {
    setOpenId(openId === id ? null : id);
    setCreatedId(null);
  };
  const list = users.data ?? [];

  return (
    <section aria-labelledby="admin-users-title">
      <h2 id="admin-users-title">Users</h2>
      <p class="admin-hint">
        Second factors are not listed (the API does not tell); a user who lost theirs can have it removed from
        their panel.
      </p>
      <ErrorMessage error={users.error} />
      {users.loading && !users.data && <p aria-busy="true">Loading users…</p>}
      {users.data && (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Display name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((user) => (
                <UserRows
                  key={user.id}
                  user={user}
                  open={openId === user.id}
                  justCreated={createdId === user.id}
                  onToggle={() => toggle(user.id)}
                  onChanged={users.reload}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <UserCreateForm onCreated={created} />
    </section>
  );
}

function UserRows({
  user,
  open,
  justCreated,
  onToggle,
  onChanged,
}: {
  user: UserView;
  open: boolean;
  justCreated: boolean;
  onToggle: () => void;
  onChanged: () => void;
}) {
  const panelId = `admin-user-panel-${user.id}`;
  return (
    <>
      <tr class={user.disabled ? 'admin-muted' : undefined}>
        <th scope="row">{user.name}</th>
        <td>{user.displayName ?? '—'}</td>
        <td>{user.role}</td>
        <td>{user.disabled ? 'disabled' : 'enabled'}</td>
        <td>{formatTime(user.createdAt)}</td>
        <td>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            aria-label={`Manage ${user.name}`}
            onClick={onToggle}
          >
            {open ? 'Close' : 'Manage'}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={panelId}>
          <td colSpan={6}>
            <UserPanel
              key={user.id}
              user={user}
              justCreated={justCreated}
              onChanged={onChanged}
              onClose={onToggle}
            />
          </td>
        </tr>
      )}
    </>
  );
}
