import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { Role } from '../../session.js';
import { ErrorMessage, fieldErrors } from '../../ui/error-message.js';
import { useAction } from '../../ui/use-action.js';
import { errorsId, Field } from './field.js';
import { newUserBody, ROLE_TEXT, ROLES, type UserView } from './user-model.js';

const EMPTY = { name: '', displayName: '', role: 'viewer' as Role };

/** The form that creates a user (name, display name, role); the password is set next, in its panel. */
export function UserCreateForm({ onCreated }: { onCreated: (user: UserView) => void }) {
  const [form, setForm] = useState(EMPTY);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      const user = await api<UserView>('POST', '/api/users', newUserBody(form));
      setForm(EMPTY);
      onCreated(user);
    });
  };

  return (
    <form class="admin-form" aria-labelledby="admin-new-user" onSubmit={submit}>
      <h3 id="admin-new-user">New user</h3>
      <Field
        label="Name"
        hint="Lower-case letters, digits, dots, dashes and underscores; used to log in."
        id="admin-new-user-name"
        errors={fieldErrors(error, 'body.name')}
      >
        <input
          value={form.name}
          required
          autocomplete="off"
          id="admin-new-user-name"
          aria-describedby={errorsId('admin-new-user-name')}
          onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
        />
      </Field>
      <Field label="Display name" id="admin-new-user-display" errors={fieldErrors(error, 'body.displayName')}>
        <input
          value={form.displayName}
          autocomplete="off"
          id="admin-new-user-display"
          aria-describedby={errorsId('admin-new-user-display')}
          onInput={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
        />
      </Field>
      <Field label="Role" id="admin-new-user-role" errors={fieldErrors(error, 'body.role')}>
        <select
          value={form.role}
          id="admin-new-user-role"
          aria-describedby={errorsId('admin-new-user-role')}
          onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_TEXT[role]}
            </option>
          ))}
        </select>
      </Field>
      <ErrorMessage error={error} />
      <div class="admin-actions">
        <button type="submit" disabled={busy}>
          Create user
        </button>
      </div>
    </form>
  );
}
