import { useState } from 'preact/hooks';
import { api, type SessionView } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useAction } from '../../ui/use-action.js';
import { setupCodeFrom } from './setup-code.js';

const MIN_PASSWORD = 10;

/** First start: create the admin account's password with the printed setup code, then go in. */
export function SetupPage({ onLoggedIn }: { onLoggedIn: (session: SessionView) => void }) {
  const [code, setCode] = useState(() => setupCodeFrom(location.hash));
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const { busy, error, setError, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    if (password !== repeated) {
      setError(new Error('The two passwords differ: type the same password twice.'));
      return;
    }
    return run(async () => {
      const session = await api<SessionView>('POST', '/api/setup', { code: code.trim(), password });
      history.replaceState(null, '', location.pathname); // the code is used: out of the address bar
      onLoggedIn(session);
    });
  };

  return (
    <form class="login" onSubmit={submit}>
      <h1>Create your admin account</h1>
      <p>
        Vigia created the user <strong>admin</strong> on its first start. Choose its password; the setup code
        printed on the console proves you run this server.
      </p>
      <label>
        Setup code
        <input value={code} onInput={(e) => setCode(e.currentTarget.value)} autocomplete="off" required />
      </label>
      <label>
        New password (at least {MIN_PASSWORD} characters)
        <input
          type="password"
          autocomplete="new-password"
          minLength={MIN_PASSWORD}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
      </label>
      <label>
        The same password again
        <input
          type="password"
          autocomplete="new-password"
          value={repeated}
          onInput={(e) => setRepeated(e.currentTarget.value)}
          required
        />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        Create the admin account
      </button>
    </form>
  );
}
