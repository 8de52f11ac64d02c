import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useSession } from '../../session.js';
import { ConfirmButton } from './confirm-button.js';
import { UserEditForm } from './user-edit-form.js';
import { selfActionWarning, type UserView, userPath } from './user-model.js';
import { UserPasswordForm } from './user-password-form.js';

/**
 * What an admin can do to one user: edit, set the password, end sessions, remove the second
 * factor, delete (each asking first, in place). An action that ends the admin's own session
 * reloads the page, which then shows the login.
 */
export function UserPanel({
  user,
  justCreated,
  onChanged,
  onClose,
}: {
  user: UserView;
  justCreated: boolean;
  onChanged: () => void;
  onClose: () => void;
}) {
  const me = useSession().user.name;
  const [done, setDone] = useState<string | undefined>();
  const headingId = `admin-user-heading-${user.id}`;

  const afterOwn = (action: 'sessions' | 'delete') => {
    if (selfActionWarning(me, user, action)) location.assign('/');
  };
  const endSessions = async () => {
    await api('DELETE', userPath(user.id, '/sessions'));
    afterOwn('sessions');
    setDone(`Every session of ${user.name} has ended.`);
  };
  const removeTotp = async () => {
    await api('DELETE', userPath(user.id, '/totp'));
    setDone(`${user.name} logs in with their password alone until they set up a second factor again.`);
  };
  const remove = async () => {
    await api('DELETE', userPath(user.id));
    afterOwn('delete');
    onChanged();
    onClose();
  };

  return (
    <section class="admin-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>User {user.name}</h3>
      {justCreated && (
        <p role="status" class="admin-note">
          {user.name} was created. Set a password so they can log in.
        </p>
      )}
      <div class="admin-panel-grid">
        <UserEditForm user={user} onSaved={onChanged} />
        <UserPasswordForm user={user} focus={justCreated} />
      </div>
      <div class="admin-actions">
        <ConfirmButton
          label="End sessions"
          question={`End every login session of ${user.name}? They stay able to log in again.`}
          confirmLabel="End sessions"
          warning={selfActionWarning(me, user, 'sessions')}
          onConfirm={endSessions}
        />
        <ConfirmButton
          label="Remove second factor"
          question={`Remove the second factor of ${user.name} (a lost phone)? They log in with the password alone until they set one up again.`}
          confirmLabel="Remove second factor"
          onConfirm={removeTotp}
        />
        <ConfirmButton
          label="Delete user"
          question={`Delete ${user.name}? Their sessions end and the name can be given to someone new.`}
          confirmLabel={`Delete ${user.name}`}
          warning={selfActionWarning(me, user, 'delete')}
          danger
          onConfirm={remove}
        />
      </div>
      {done && <p role="status">{done}</p>}
    </section>
  );
}
