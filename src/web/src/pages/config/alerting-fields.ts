import type { FieldSpec } from './field-spec.js';

/** Alert severities, mildest first. */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;

const NAME: FieldSpec = {
  name: 'name',
  label: 'Name',
  input: 'text',
  required: true,
  help: 'Letters, digits and . _ : -, unique.',
};
const MATCHERS_HELP = 'One matcher per line, such as service="api" or team=~"ops|db".';
const DURATION_HELP = 'A duration such as 30s, 5m, 1h30m.';

/** An alert rule (docs/alert-rules.md). */
export const ALERT_RULE_FIELDS: readonly FieldSpec[] = [
  NAME,
  { name: 'description', label: 'Description', input: 'textarea' },
  { name: 'severity', label: 'Severity', input: 'select', required: true, options: SEVERITIES },
  { name: 'enabled', label: 'Enabled', input: 'checkbox', defaultValue: true },
  { name: 'for', label: 'For', input: 'text', help: `How long the condition must hold. ${DURATION_HELP}` },
  { name: 'keepFiringFor', label: 'Keep firing for', input: 'text', help: DURATION_HELP },
  {
    name: 'condition',
    label: 'Condition',
    input: 'json',
    required: true,
    help: 'Example: { "kind": "threshold", "series": "cpu_percent", "aggregate": "avg", "window": "5m", "op": ">", "threshold": 90 }',
  },
  { name: 'labels', label: 'Labels', input: 'json', help: 'Example: { "team": "ops" }' },
  {
    name: 'annotations',
    label: 'Annotations',
    input: 'json',
    help: 'Example: { "summary": "CPU at {{ $value }}% on {{ $labels.service }}" }',
  },
  {
    name: 'flapDetection',
    label: 'Flap detection',
    input: 'json',
    help: 'Default: { "enabled": true, "window": "10m", "maxChanges": 6, "settle": "10m" }',
  },
];

const receiverKind = (...values: string[]) => ({ field: 'kind', values });
const SECRET_HELP = 'Secrets only as references: { "env": "NAME" } or { "file": "/run/secrets/x" }.';

/** A receiver: where notifications go (docs/alert-notifications.md). Holds secret references only. */
export const RECEIVER_FIELDS: readonly FieldSpec[] = [
  NAME,
  { name: 'kind', label: 'Kind', input: 'select', required: true, options: ['webhook', 'slack', 'email'] },
  {
    name: 'url',
    label: 'URL',
    input: 'text-or-json',
    required: true,
    help: `An http(s) URL, or a secret reference when it carries a token. ${SECRET_HELP}`,
    showWhen: receiverKind('webhook', 'slack'),
  },
  {
    name: 'secret',
    label: 'Signing secret',
    input: 'json',
    help: `HMAC key for the signature header. ${SECRET_HELP}`,
    showWhen: receiverKind('webhook'),
  },
  {
    name: 'headers',
    label: 'Headers',
    input: 'json',
    help: 'Example: { "X-Team": "ops", "X-Api-Key": { "env": "OPS_API_KEY" } }',
    showWhen: receiverKind('webhook'),
  },
  {
    name: 'channel',
    label: 'Channel',
    input: 'text',
    help: 'Such as #ops.',
    showWhen: receiverKind('slack'),
  },
  {
    name: 'smtp',
    label: 'SMTP server',
    input: 'json',
    required: true,
    help: `Example: { "host": "mail.example.org", "security": "starttls", "user": "vigia", "password": { "env": "SMTP_PASSWORD" } }`,
    showWhen: receiverKind('email'),
  },
  { name: 'from', label: 'From', input: 'text', required: true, showWhen: receiverKind('email') },
  {
    name: 'to',
    label: 'To',
    input: 'lines',
    required: true,
    help: 'One address per line.',
    showWhen: receiverKind('email'),
  },
  { name: 'timeout', label: 'Timeout', input: 'text', help: 'One attempt, 1ms to 60s (default 10s).' },
  { name: 'sendResolved', label: 'Send resolved', input: 'checkbox', defaultValue: true },
];

/** A top-level route of the routing tree (docs/alert-routing.md). */
export const ROUTE_FIELDS: readonly FieldSpec[] = [
  NAME,
  { name: 'priority', label: 'Priority', input: 'number', help: 'Lower is tried first (default 100).' },
  { name: 'matchers', label: 'Matchers', input: 'lines', help: `${MATCHERS_HELP} None: every alert.` },
  {
    name: 'receivers',
    label: 'Receivers',
    input: 'json',
    help: 'Receiver names, such as ["ops-mail"]. Leave empty to inherit; [] notifies nobody.',
  },
  { name: 'escalation', label: 'Escalation policy', input: 'text' },
  {
    name: 'groupBy',
    label: 'Group by',
    input: 'json',
    help: 'Label names, such as ["alertname", "service"]; empty: inherited.',
  },
  { name: 'groupWait', label: 'Group wait', input: 'text', help: DURATION_HELP },
  { name: 'groupInterval', label: 'Group interval', input: 'text', help: DURATION_HELP },
  { name: 'repeatInterval', label: 'Repeat interval', input: 'text', help: DURATION_HELP },
  { name: 'continue', label: 'Continue to later routes', input: 'checkbox', defaultValue: false },
  { name: 'routes', label: 'Child routes', input: 'json', help: 'A list of routes with the same fields.' },
];

/** Who is told next when nobody acknowledges (docs/alert-routing.md). */
export const ESCALATION_POLICY_FIELDS: readonly FieldSpec[] = [
  NAME,
  {
    name: 'tiers',
    label: 'Tiers',
    input: 'json',
    required: true,
    help: 'Example: [{ "receivers": ["db-oncall"], "escalateAfter": "10m" }]',
  },
  { name: 'repeat', label: 'Repeat', input: 'checkbox', defaultValue: true },
  { name: 'maxRounds', label: 'Most rounds', input: 'number', help: '1 to 100 (default 3).' },
];

/** An inhibition rule by labels (docs/alert-silences.md). */
export const INHIBIT_RULE_FIELDS: readonly FieldSpec[] = [
  NAME,
  { name: 'sourceMatchers', label: 'Source matchers', input: 'lines', required: true, help: MATCHERS_HELP },
  { name: 'targetMatchers', label: 'Target matchers', input: 'lines', required: true, help: MATCHERS_HELP },
  { name: 'equal', label: 'Equal labels', input: 'lines', help: 'One label name per line.' },
];

/** A mute on a cron schedule (docs/alert-silences.md). */
export const MAINTENANCE_WINDOW_FIELDS: readonly FieldSpec[] = [
  NAME,
  { name: 'matchers', label: 'Matchers', input: 'lines', required: true, help: MATCHERS_HELP },
  {
    name: 'schedule',
    label: 'Schedule',
    input: 'text',
    required: true,
    help: 'Cron, 5 fields: 0 2 * * 0 is Sundays at 02:00.',
  },
  { name: 'duration', label: 'Duration', input: 'text', required: true, help: '1m to 7d, such as 2h.' },
  { name: 'timezone', label: 'Time zone', input: 'text', help: 'Such as Europe/Lisbon (default UTC).' },
  { name: 'validFrom', label: 'Valid from', input: 'text', help: 'ISO 8601, such as 2026-01-01T00:00:00Z.' },
  { name: 'validUntil', label: 'Valid until', input: 'text', help: 'ISO 8601.' },
];

/** A one-off mute (docs/alert-silences.md). */
export const SILENCE_FIELDS: readonly FieldSpec[] = [
  { name: 'matchers', label: 'Matchers', input: 'lines', required: true, help: MATCHERS_HELP },
  { name: 'startsAt', label: 'Starts at', input: 'text', help: 'ISO 8601 with an offset; empty: now.' },
  { name: 'endsAt', label: 'Ends at', input: 'text', help: 'ISO 8601; or give a duration instead.' },
  { name: 'duration', label: 'Duration', input: 'text', help: 'Instead of an end, such as 2h.' },
  { name: 'comment', label: 'Comment', input: 'textarea', required: true, help: 'Why (no secrets).' },
];
