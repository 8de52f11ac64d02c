import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useSession } from '../../session.js';
import { ErrorMessage, fieldErrors } from '../../ui/error-message.js';
import { errorsId, Field } from './field.js';
import { selfActionWarning, type UserView, userPath } from './user-model.js';

/**
 * Sets a user's password (`PUT /api/users/{id}/password`; their sessions end). The server's
 * password rules come back beside the field. On one's own account it warns first: the admin
 * route ends this session too.
 */
export function UserPasswordForm({ user, focus }: { user: UserView; focus: boolean }) {
  const me = useSession().user.name;
  const [password, setPassword] = useState('');
  const [warned, setWarned] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const warning = selfActionWarning(me, user, 'password');
  const id = `admin-user-${user.id}-password`;
  useEffect(() => {
    if (focus) input.current?.focus();
  }, [focus]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (warning && !warned) {
      setWarned(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      await api('PUT', userPath(user.id, '/password'), { password });
      if (warning) {
        location.assign('/');
        return;
      }
      setPassword('');
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setWarned(false);
    }
  };

  return (
    <form class="admin-form" aria-label={`Password of ${user.name}`} onSubmit={submit}>
      <Field
        label="New password"
        hint="10 to 256 characters, not containing the user name."
        id={id}
        errors={[...fieldErrors(error, 'password'), ...fieldErrors(error, 'body.password')]}
      >
        <input
          ref={input}
          type="password"
          autocomplete="new-password"
          required
          value={password}
          id={id}
          aria-describedby={errorsId(id)}
          onInput={(e) => {
            setPassword(e.currentTarget.value);
            setDone(false);
          }}
        />
      </Field>
      {warned && warning && (
        <p class="admin-warning" role="alert">
          {warning}
        </p>
      )}
      <ErrorMessage error={error} />
      {done && <p role="status">Password set; {user.name}’s sessions have ended.</p>}
      <div class="admin-actions">
        <button type="submit" disabled={busy}>
          {warned ? 'Set password anyway' : 'Set password'}
        </button>
      </div>
    </form>
  );
}
