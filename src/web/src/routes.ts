/** The dashboard's pages and the addresses that show them. */
export type PageName =
  | 'overview'
  | 'services'
  | 'service'
  | 'alerts'
  | 'incidents'
  | 'incident'
  | 'events'
  | 'config'
  | 'admin'
  | 'setup'
  | 'not-found';

export interface Route {
  page: PageName;
  /** Path segments the address names (`/services/db` → `{ name: 'db' }`), decoded. */
  params: Record<string, string>;
}

const PATTERNS: ReadonlyArray<[PageName, string]> = [
  ['overview', '/'],
  ['services', '/services'],
  ['service', '/services/:name'],
  ['alerts', '/alerts'],
  ['incidents', '/incidents'],
  ['incident', '/incidents/:alertId'],
  ['events', '/events'],
  ['config', '/config'],
  ['config', '/config/:kind'],
  ['admin', '/admin'],
  ['admin', '/admin/:section'],
  ['setup', '/setup'],
];

/** The page an address shows; an address no page has is `not-found` (shown as such, not as a blank page). */
export function routeOf(path: string): Route {
  const segments = split(path);
  for (const [page, pattern] of PATTERNS) {
    const wanted = split(pattern);
    if (wanted.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = wanted.every((part, i) => {
      const actual = segments[i] as string;
      if (!part.startsWith(':')) return part === actual;
      const value = decode(actual);
      if (value === undefined || value === '') return false;
      params[part.slice(1)] = value;
      return true;
    });
    if (matches) return { page, params };
  }
  return { page: 'not-found', params: {} };
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The address of a page with one parameter, encoded (`servicePath('a b')` → `/services/a%20b`). */
export const servicePath = (name: string) => `/services/${encodeURIComponent(name)}`;
export const incidentPath = (alertId: string) => `/incidents/${encodeURIComponent(alertId)}`;
