import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { Role } from '../../session.js';
import { ErrorMessage, fieldErrors } from '../../ui/error-message.js';
import { useAction } from '../../ui/use-action.js';
import { errorsId, Field } from './field.js';
import { type CreatedToken, type NewTokenForm, newTokenBody } from './token-model.js';
import { ROLE_TEXT, ROLES } from './user-model.js';

const EMPTY: NewTokenForm = { name: '', role: 'viewer', expiresInDays: '90' };

/** The form that creates an API token (name, role, expiry in days); the answer carries the token once. */
export function TokenCreateForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const [form, setForm] = useState(EMPTY);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      const created = await api<CreatedToken>('POST', '/api/tokens', newTokenBody(form));
      setForm(EMPTY);
      onCreated(created);
    });
  };

  return (
    <form class="admin-form" aria-labelledby="admin-new-token" onSubmit={submit}>
      <h3 id="admin-new-token">New API token</h3>
      <Field
        label="Name"
        hint="What uses it, e.g. “deploy script”."
        id="admin-new-token-name"
        errors={fieldErrors(error, 'body.name')}
      >
        <input
          value={form.name}
          required
          autocomplete="off"
          id="admin-new-token-name"
          aria-describedby={errorsId('admin-new-token-name')}
          onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
        />
      </Field>
      <Field label="Role" id="admin-new-token-role" errors={fieldErrors(error, 'body.role')}>
        <select
          value={form.role}
          id="admin-new-token-role"
          aria-describedby={errorsId('admin-new-token-role')}
          onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_TEXT[role]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Expires after (days)"
        hint="Empty: the token never expires."
        id="admin-new-token-days"
        errors={fieldErrors(error, 'body.expiresInDays')}
      >
        <input
          type="number"
          min={1}
          max={3650}
          step={1}
          inputMode="numeric"
          value={form.expiresInDays}
          id="admin-new-token-days"
          aria-describedby={errorsId('admin-new-token-days')}
          onInput={(e) => setForm({ ...form, expiresInDays: e.currentTarget.value })}
        />
      </Field>
      <ErrorMessage error={error} />
      <div class="admin-actions">
        <button type="submit" disabled={busy}>
          Create token
        </button>
      </div>
    </form>
  );
}
