import { useEffect, useState } from 'preact/hooks';
import { AlertsPage } from './alerts-page.js';
import { ApiError, api, type SessionView, setCsrfToken } from './api.js';
import { Login } from './login.js';
import { Overview } from './overview.js';
import { onLinkClick, usePath } from './router.js';

/** The shell: the login page until there is a session, then the pages. */
const PAGES = [
  { path: '/', title: 'Overview' },
  { path: '/alerts', title: 'Alerts' },
] as const;

export function App() {
  const path = usePath();
  const [session, setSession] = useState<SessionView | null | undefined>(undefined);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api<SessionView>('GET', '/api/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setSession(null);
        else setError(e instanceof Error ? e.message : String(e));
      });
  }, []);

  const loggedIn = (s: SessionView) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
  };
  const logOut = async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setCsrfToken(undefined);
    setSession(null);
  };

  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (session === undefined) return <p aria-busy="true">Loading…</p>;
  if (session === null) return <Login onLoggedIn={loggedIn} />;
  return (
    <div class="shell">
      <header>
        <strong>Vigia</strong>
        <span>
          {session.user.name} ({session.user.role}){' '}
          <button type="button" onClick={logOut}>
            Log out
          </button>
        </span>
      </header>
      <nav aria-label="Pages">
        {PAGES.map((page) => (
          <a
            key={page.path}
            href={page.path}
            onClick={onLinkClick}
            aria-current={path === page.path ? 'page' : undefined}
          >
            {page.title}
          </a>
        ))}
      </nav>
      <main>{path === '/alerts' ? <AlertsPage session={session} /> : <Overview />}</main>
    </div>
  );
}
