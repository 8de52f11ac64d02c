import { useState } from 'preact/hooks';
import { ApiError, api, type SessionView } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useAction } from '../../ui/use-action.js';

/** Name, password and (with a second factor) a code; the server's message on failure. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: (session: SessionView) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      const body = needsCode ? { name, password, code } : { name, password };
      try {
        onLoggedIn(await api<SessionView>('POST', '/api/session', body));
      } catch (e) {
        if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') setNeedsCode(true);
        throw e;
      }
    });
  };

  return (
    <form class="login" onSubmit={submit}>
      <h1>Vigia</h1>
      <label>
        Name
        <input
          autocomplete="username"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          required
        />
      </label>
      <label>
        Password
        <input
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
      </label>
      {needsCode && (
        <label>
          Code from your authenticator app
          <input
            inputMode="numeric"
            autocomplete="one-time-code"
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            required
          />
        </label>
      )}
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        Log in
      </button>
    </form>
  );
}
