/** An event of the log as `/api/events` (and the live stream) returns it. */
export interface AuditEvent {
  id: string;
  streamId: string;
  type: string;
  time: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** The audit streams: access (logins, denials), credentials, tokens, users and the first-start setup. */
export const AUDIT_STREAM_PREFIXES = ['audit-access', 'credentials-', 'token-', 'users-', 'auth-setup'];

export type AuditKind = 'all' | 'logins' | 'failed-logins' | 'denied' | 'tokens' | 'users' | 'credentials';

interface KindDefinition {
  label: string;
  streams: string[];
  /** Event type prefixes (all types of those streams when empty). */
  types: string[];
}

/** The kinds the audit log can be narrowed to, each as stream and type prefixes of the API. */
export const AUDIT_KINDS: Record<AuditKind, KindDefinition> = {
  all: { label: 'Everything', streams: AUDIT_STREAM_PREFIXES, types: [] },
  logins: {
    label: 'Logins and logouts',
    streams: ['audit-access'],
    types: ['auth.login_succeeded', 'auth.logged_out'],
  },
  'failed-logins': {
    label: 'Failed logins',
    streams: ['audit-access'],
    types: ['auth.login_failed', 'auth.authentication_failed'],
  },
  denied: { label: 'Permission denied', streams: ['audit-access'], types: ['auth.permission_denied'] },
  tokens: { label: 'API tokens', streams: ['token-'], types: [] },
  users: { label: 'Users', streams: ['users-'], types: [] },
  credentials: { label: 'Passwords and second factors', streams: ['credentials-', 'auth-setup'], types: [] },
};

export type AuditRange = '1h' | '24h' | '7d' | '30d' | '90d';

/** The time ranges offered, as their length in ms. */
export const AUDIT_RANGES: Record<AuditRange, { label: string; ms: number }> = {
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
  '90d': { label: 'Last 90 days', ms: 90 * 86_400_000 },
};

/** What the audit log shows: a kind and a time range (kept in the address: `?kind=tokens&range=7d`). */
export interface AuditFilter {
  kind: AuditKind;
  range: AuditRange;
}

const DEFAULT_FILTER: AuditFilter = { kind: 'all', range: '24h' };

/** The filter an address query names; unknown or missing values fall back to everything, last 24 h. */
export function auditFilterOf(query: URLSearchParams): AuditFilter {
  const kind = query.get('kind') ?? '';
  const range = query.get('range') ?? '';
  return {
    kind: Object.hasOwn(AUDIT_KINDS, kind) ? (kind as AuditKind) : DEFAULT_FILTER.kind,
    range: Object.hasOwn(AUDIT_RANGES, range) ? (range as AuditRange) : DEFAULT_FILTER.range,
  };
}

/** The query parameters of a filter for `withQuery`, defaults left out so the plain address stays plain. */
export function auditFilterParams(filter: AuditFilter): Record<string, string | undefined> {
  return {
    kind: filter.kind === DEFAULT_FILTER.kind ? undefined : filter.kind,
    range: filter.range === DEFAULT_FILTER.range ? undefined : filter.range,
  };
}

/** The `/api/events` address of one page of a kind's events recorded in [sinceMs, untilMs). */
export function auditEventsPath(
  kind: AuditKind,
  window: { sinceMs: number; untilMs: number },
  limit: number,
  after?: string,
): string {
  const query = new URLSearchParams();
  for (const prefix of AUDIT_KINDS[kind].streams) query.append('streamPrefix', prefix);
  for (const type of AUDIT_KINDS[kind].types) query.append('type', type);
  query.set('since', new Date(window.sinceMs).toISOString());
  query.set('until', new Date(window.untilMs).toISOString());
  query.set('limit', String(limit));
  if (after) query.set('after', after);
  return `/api/events?${query}`;
}

/** Whether a live event belongs to what the kind shows (the same prefixes the API filters by). */
export function auditKindMatches(kind: AuditKind, event: Pick<AuditEvent, 'streamId' | 'type'>): boolean {
  const { streams, types } = AUDIT_KINDS[kind];
  return (
    streams.some((p) => event.streamId.startsWith(p)) &&
    (types.length === 0 || types.some((p) => event.type.startsWith(p)))
  );
}

const FAILURE_REASONS: Record<string, string> = {
  unknown_user: 'unknown user',
  disabled: 'account disabled',
  wrong_password: 'wrong password',
  wrong_code: 'wrong second-factor code',
  locked_out: 'locked out',
};

const LOGIN_METHODS: Record<string, string> = {
  password: 'with password',
  'password+totp': 'with password and second factor',
  setup: 'with the first-start setup code',
};

/** An audit event as one readable line: what happened, and about whom or what. */
export interface AuditLine {
  what: string;
  detail: string;
}

/**
 * An event as people read it ("login failed (wrong password)", "token created"), with its
 * subject. `names` maps user and token ids to their names, for events that carry only an id.
 */
export function describeAuditEvent(event: AuditEvent, names: ReadonlyMap<string, string>): AuditLine {
  const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const nameOf = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? id) : '');
  const doc = (typeof d.doc === 'object' && d.doc !== null ? d.doc : {}) as Record<string, unknown>;
  switch (event.type) {
    case 'auth.login_succeeded':
      return { what: 'login succeeded', detail: join(text(d.name), LOGIN_METHODS[text(d.method)]) };
    case 'auth.login_failed':
      return {
        what: `login failed (${FAILURE_REASONS[text(d.reason)] ?? (text(d.reason) || 'refused')})`,
        detail: text(d.name),
      };
    case 'auth.logged_out':
      return { what: d.allSessions ? 'all sessions ended' : 'logged out', detail: nameOf(d.userId) };
    case 'auth.permission_denied':
      return {
        what: 'permission denied',
        detail: `${text(d.method)} ${text(d.route)} needs ${text(d.required)}, has ${text(d.role)}`,
      };
    case 'auth.authentication_failed':
      return { what: 'credential refused', detail: `${text(d.method)} ${text(d.route)}`.trim() };
    case 'auth.token_created':
      return {
        what: 'token created',
        detail: join(
          `${text(d.name)} (${text(d.role)})`,
          d.expiresAt ? `expires ${text(d.expiresAt).slice(0, 10)}` : 'never expires',
        ),
      };
    case 'auth.token_revoked':
      return { what: 'token revoked', detail: nameOf(d.tokenId) };
    case 'auth.password_changed':
      return { what: 'password set', detail: nameOf(d.userId) };
    case 'auth.totp_enabled':
      return { what: 'second factor turned on', detail: nameOf(d.userId) };
    case 'auth.totp_disabled':
      return { what: 'second factor removed', detail: nameOf(d.userId) };
    case 'auth.user_created':
      return { what: 'user created', detail: `${text(doc.name)} (${text(doc.role)})` };
    case 'auth.user_updated':
      return {
        what: 'user changed',
        detail: join(`${text(doc.name)} (${text(doc.role)})`, doc.disabled ? 'disabled' : ''),
      };
    case 'auth.user_deleted':
      return { what: 'user deleted', detail: nameOf(d.id) };
    case 'auth.setup_code_issued':
      return { what: 'setup code issued', detail: nameOf(d.userId) };
    case 'auth.setup_completed':
      return { what: 'first-start setup completed', detail: nameOf(d.userId) };
    default:
      return { what: event.type.replace(/^auth\./, '').replaceAll('_', ' '), detail: '' };
  }
}

/** Who caused an event, as people say it: `admin` for a user, `token ci` for an API token, `Vigia (…)` for itself. */
export function actorText(metadata: Record<string, unknown>): string {
  const actor = typeof metadata.actor === 'string' ? metadata.actor : '';
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor.startsWith('token:')) return `token ${actor.slice(6)}`;
  if (actor.startsWith('system:')) return `Vigia (${actor.slice(7)})`;
  return actor || '—';
}

/** Ids to names from events that carry both (users created or changed, tokens created). */
export function namesFromEvents(events: readonly AuditEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of events) {
    const d = (event.data ?? {}) as Record<string, unknown>;
    const doc = (d.doc ?? {}) as Record<string, unknown>;
    if (typeof d.id === 'string' && typeof doc.name === 'string') names.set(d.id, doc.name);
    if (typeof d.tokenId === 'string' && typeof d.name === 'string') names.set(d.tokenId, d.name);
    if (typeof d.userId === 'string' && typeof d.name === 'string') names.set(d.userId, d.name);
  }
  return names;
}

/** Newer events put on top of older ones, leaving out any the older ones hold already (by id). */
export function mergeNewestFirst(newer: readonly AuditEvent[], older: readonly AuditEvent[]): AuditEvent[] {
  const seen = new Set(older.map((e) => e.id));
  const fresh = newer.filter((e) => !seen.has(e.id) && seen.add(e.id));
  return [...fresh, ...older];
}

function join(...parts: Array<string | undefined>): string {
  return parts.filter(Boolean).join(', ');
}
