import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api.js';
import type { Role } from '../../session.js';
import { useSession } from '../../session.js';
import { ErrorMessage, fieldErrors } from '../../ui/error-message.js';
import { errorsId, Field } from './field.js';
import {
  editOf,
  ROLE_TEXT,
  ROLES,
  replacementBody,
  selfEditWarning,
  type UserView,
  userPath,
} from './user-model.js';

/**
 * Changes a user's display name and role, or disables / enables it. The change is sent with the
 * version the form was opened with, so someone else's change in between is refused, not lost.
 * (412: the form offers to start again from the current version). Disabling or demoting
 * oneself asks first; once saved, the page reloads with what is left of the session.
 */
export function UserEditForm({ user, onSaved }: { user: UserView; onSaved: () => void }) {
  const session = useSession();
  const [opened, setOpened] = useState(user);
  const [edit, setEdit] = useState(() => editOf(user));
  const [warned, setWarned] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const warning = selfEditWarning(session.user.name, opened, edit);
  const ids = `admin-user-${user.id}`;

  const save = async (event?: Event) => {
    event?.preventDefault();
    if (warning && warned !== warning) {
      setWarned(warning);
      return;
    }
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const updated = await api<UserView>('PUT', userPath(opened.id), replacementBody(opened, edit), {
        'if-match': `"${opened.version}"`,
      });
      if (warning) {
        location.assign('/'); // the session changed under us: start again from what it is now
        return;
      }
      setOpened(updated);
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setWarned(undefined);
    }
  };
  const startAgain = async () => {
    try {
      const current = await api<UserView>('GET', userPath(opened.id));
      setOpened(current);
      setEdit(editOf(current));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  const moved = error instanceof ApiError && error.status === 412;
  const change = (next: Partial<typeof edit>) => {
    setEdit({ ...edit, ...next });
    setSaved(false);
    setWarned(undefined);
  };

  return (
    <form class="admin-form" aria-label={`Edit ${user.name}`} onSubmit={save}>
      <Field label="Display name" id={`${ids}-display`} errors={fieldErrors(error, 'body.displayName')}>
        <input
          value={edit.displayName}
          id={`${ids}-display`}
          aria-describedby={errorsId(`${ids}-display`)}
          onInput={(e) => change({ displayName: e.currentTarget.value })}
        />
      </Field>
      <Field label="Role" id={`${ids}-role`} errors={fieldErrors(error, 'body.role')}>
        <select
          value={edit.role}
          id={`${ids}-role`}
          aria-describedby={errorsId(`${ids}-role`)}
          onChange={(e) => change({ role: e.currentTarget.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_TEXT[role]}
            </option>
          ))}
        </select>
      </Field>
      <label class="admin-check">
        <input
          type="checkbox"
          checked={edit.disabled}
          onChange={(e) => change({ disabled: e.currentTarget.checked })}
        />
        Disabled (cannot log in; their sessions end)
      </label>
      {warned && (
        <p class="admin-warning" role="alert">
          {warned}
        </p>
      )}
      <ErrorMessage error={error} />
      {moved && (
        <button type="button" onClick={startAgain}>
          Start again from the current version
        </button>
      )}
      {saved && <p role="status">Saved.</p>}
      <div class="admin-actions">
        <button type="submit" disabled={busy}>
          {warned ? 'Save anyway' : 'Save changes'}
        </button>
        {warned && (
          <button type="button" onClick={() => setWarned(undefined)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
