import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type SessionView, setCsrfToken } from './api.js';
import { LoginPage } from './pages/account/login-page.js';
import { SetupPage } from './pages/account/setup-page.js';
import { AdminPage } from './pages/admin/admin-page.js';
import { AlertsPage } from './pages/alerts/alerts-page.js';
import { ConfigPage } from './pages/config/config-page.js';
import { EventsPage } from './pages/events/events-page.js';
import { IncidentPage } from './pages/healing/incident-page.js';
import { IncidentsPage } from './pages/healing/incidents-page.js';
import { OverviewPage } from './pages/overview/overview-page.js';
import { ServicePage } from './pages/services/service-page.js';
import { ServicesPage } from './pages/services/services-page.js';
import { navigate, onLinkClick, useLocation } from './router.js';
import { type Route, routeOf } from './routes.js';
import { type Role, roleAllows, SessionContext } from './session.js';
import { ErrorMessage } from './ui/error-message.js';
import { type Theme, useTheme } from './ui/theme.js';

interface NavEntry {
  path: string;
  title: string;
  /** The pages this entry is current for. */
  pages: Route['page'][];
  role: Role;
}

const NAV: NavEntry[] = [
  { path: '/', title: 'Overview', pages: ['overview'], role: 'viewer' },
  { path: '/services', title: 'Services', pages: ['services', 'service'], role: 'viewer' },
  { path: '/alerts', title: 'Alerts', pages: ['alerts'], role: 'viewer' },
  { path: '/incidents', title: 'Incidents', pages: ['incidents', 'incident'], role: 'viewer' },
  { path: '/events', title: 'Events', pages: ['events'], role: 'viewer' },
  { path: '/config', title: 'Configuration', pages: ['config'], role: 'viewer' },
  { path: '/admin', title: 'Admin', pages: ['admin'], role: 'admin' },
];

/** The shell: the setup or login page until there is a session, then the pages. */
export function App() {
  const where = useLocation();
  const route = routeOf(where.path);
  const [session, setSession] = useState<SessionView | null | undefined>(undefined);
  const [error, setError] = useState<unknown>();
  const [theme, setTheme] = useTheme();

  useEffect(() => {
    api<SessionView>('GET', '/api/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setSession(null);
        else setError(e);
      });
  }, []);

  const loggedIn = (s: SessionView) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
    if (route.page === 'setup') navigate('/', { replace: true });
  };
  const logOut = async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setCsrfToken(undefined);
    setSession(null);
  };

  if (error) return <ErrorMessage error={error} />;
  if (session === undefined) return <p aria-busy="true">Loading…</p>;
  if (session === null || route.page === 'setup') {
    return route.page === 'setup' ? <SetupPage onLoggedIn={loggedIn} /> : <LoginPage onLoggedIn={loggedIn} />;
  }
  return (
    <SessionContext.Provider value={session}>
      <div class="shell">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header>
          <strong>Vigia</strong>
          <nav aria-label="Pages">
            {NAV.filter((entry) => roleAllows(session.user.role, entry.role)).map((entry) => (
              <a
                key={entry.path}
                href={entry.path}
                onClick={onLinkClick}
                aria-current={entry.pages.includes(route.page) ? 'page' : undefined}
              >
                {entry.title}
              </a>
            ))}
          </nav>
          <span class="who">
            <ThemePicker theme={theme} onChange={setTheme} />
            <span>
              {session.user.name} ({session.user.role})
            </span>
            <button type="button" onClick={logOut}>
              Log out
            </button>
          </span>
        </header>
        <main id="main" tabIndex={-1}>
          <Page route={route} query={where.query} />
        </main>
      </div>
    </SessionContext.Provider>
  );
}

function Page({ route, query }: { route: Route; query: URLSearchParams }) {
  const { params } = route;
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'services':
      return <ServicesPage query={query} />;
    case 'service':
      return <ServicePage key={params.name} name={params.name ?? ''} />;
    case 'alerts':
      return <AlertsPage query={query} />;
    case 'incidents':
      return <IncidentsPage query={query} />;
    case 'incident':
      return <IncidentPage key={params.alertId} alertId={params.alertId ?? ''} />;
    case 'events':
      return <EventsPage query={query} />;
    case 'config':
      return <ConfigPage kind={params.kind} query={query} />;
    case 'admin':
      return <AdminPage section={params.section} />;
    default:
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            There is no page at this address.{' '}
            <a href="/" onClick={onLinkClick}>
              Go to the overview
            </a>
            .
          </p>
        </section>
      );
  }
}

function ThemePicker({ theme, onChange }: { theme: Theme; onChange: (theme: Theme) => void }) {
  return (
    <label>
      <span class="visually-hidden">Theme</span>
      <select value={theme} onChange={(e) => onChange(e.currentTarget.value as Theme)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
