/** A stored document as the API returns it (its fields plus id, version, times). */
export type ConfigDocument = Record<string, unknown>;

/** One column of a kind's list, beside the name. */
export interface KindColumn {
  title: string;
  value(doc: ConfigDocument): string;
}

/** A value as a short text for a table cell: lists joined, references described, nothing → `—`. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(cellText).join(', ');
  if (typeof value === 'object') {
    const ref = value as Record<string, unknown>;
    if (typeof ref.env === 'string') return `env ${ref.env}`;
    if (typeof ref.file === 'string') return `file ${ref.file}`;
    return JSON.stringify(value);
  }
  return String(value);
}

const column = (title: string, field: string): KindColumn => ({
  title,
  value: (doc) => cellText(doc[field]),
});

const yesNo = (title: string, field: string, absent: boolean): KindColumn => ({
  title,
  value: (doc) => ((typeof doc[field] === 'boolean' ? doc[field] : absent) ? 'yes' : 'no'),
});

const count = (title: string, field: string): KindColumn => ({
  title,
  value: (doc) => (Array.isArray(doc[field]) ? String(doc[field].length) : '—'),
});

/** Where a monitor looks: its URL, host:port or host name. */
export function monitorTarget(doc: ConfigDocument): string {
  if (typeof doc.url === 'string') return doc.url;
  if (typeof doc.host === 'string') return doc.port === undefined ? doc.host : `${doc.host}:${doc.port}`;
  if (typeof doc.hostname === 'string') return doc.hostname;
  return '—';
}

/** Where a receiver sends, without secrets (references are named, never resolved). */
export function receiverDestination(doc: ConfigDocument): string {
  if (doc.kind === 'email') {
    const smtp = (doc.smtp ?? {}) as Record<string, unknown>;
    return `${cellText(smtp.host)} → ${cellText(doc.to)}`;
  }
  return cellText(doc.url);
}

/** When a silence applies, as a state at `nowMs`: pending, active or expired. */
export function silenceState(doc: ConfigDocument, nowMs: number): string {
  const starts = Date.parse(String(doc.startsAt));
  const ends = Date.parse(String(doc.endsAt));
  if (Number.isFinite(ends) && ends <= nowMs) return 'expired';
  if (Number.isFinite(starts) && starts > nowMs) return 'pending';
  return 'active';
}

export const MONITOR_COLUMNS: readonly KindColumn[] = [
  column('Kind', 'kind'),
  column('Service', 'service'),
  { title: 'Target', value: monitorTarget },
  yesNo('Paused', 'paused', false),
];

export const ALERT_RULE_COLUMNS: readonly KindColumn[] = [
  column('Severity', 'severity'),
  {
    title: 'Condition',
    value: (doc) => cellText((doc.condition as Record<string, unknown> | undefined)?.kind),
  },
  yesNo('Enabled', 'enabled', true),
];

export const RECEIVER_COLUMNS: readonly KindColumn[] = [
  column('Kind', 'kind'),
  { title: 'Sends to', value: receiverDestination },
];

export const ROUTE_COLUMNS: readonly KindColumn[] = [
  column('Priority', 'priority'),
  column('Matchers', 'matchers'),
  column('Receivers', 'receivers'),
];

export const ESCALATION_POLICY_COLUMNS: readonly KindColumn[] = [
  count('Tiers', 'tiers'),
  yesNo('Repeat', 'repeat', true),
  column('Most rounds', 'maxRounds'),
];

export const INHIBIT_RULE_COLUMNS: readonly KindColumn[] = [
  column('Source', 'sourceMatchers'),
  column('Target', 'targetMatchers'),
  column('Equal', 'equal'),
];

export const MAINTENANCE_WINDOW_COLUMNS: readonly KindColumn[] = [
  column('Schedule', 'schedule'),
  column('Duration', 'duration'),
  column('Time zone', 'timezone'),
];

export const SILENCE_COLUMNS: readonly KindColumn[] = [
  { title: 'State', value: (doc) => silenceState(doc, Date.now()) },
  column('Ends at', 'endsAt'),
  column('Comment', 'comment'),
  column('By', 'createdBy'),
];

export const RUNBOOK_COLUMNS: readonly KindColumn[] = [
  yesNo('Enabled', 'enabled', true),
  yesNo('Dry run', 'dryRun', false),
  count('Steps', 'steps'),
];
