import {
  ALERT_RULE_FIELDS,
  ESCALATION_POLICY_FIELDS,
  INHIBIT_RULE_FIELDS,
  MAINTENANCE_WINDOW_FIELDS,
  RECEIVER_FIELDS,
  ROUTE_FIELDS,
  SILENCE_FIELDS,
} from './alerting-fields.js';
import type { FieldSpec } from './field-spec.js';
import {
  ALERT_RULE_COLUMNS,
  type ConfigDocument,
  cellText,
  ESCALATION_POLICY_COLUMNS,
  INHIBIT_RULE_COLUMNS,
  type KindColumn,
  MAINTENANCE_WINDOW_COLUMNS,
  MONITOR_COLUMNS,
  RECEIVER_COLUMNS,
  ROUTE_COLUMNS,
  RUNBOOK_COLUMNS,
  SILENCE_COLUMNS,
} from './kind-columns.js';
import { MONITOR_FIELDS } from './monitor-fields.js';
import { RUNBOOK_FIELDS } from './runbook-fields.js';

/** A kind of configuration the API manages through the resource pattern (`/api/<slug>`). */
export interface ConfigKind {
  /** The URL segment, of the dashboard (`/config/<slug>`) and of the API (`/api/<slug>`). */
  slug: string;
  title: string;
  /** One of them, in a sentence: "New alert rule". */
  singular: string;
  group: 'Monitoring' | 'Alerting' | 'Notifications' | 'Healing';
  description: string;
  /** Who may create, change and delete (viewers read everything). */
  writeRole: 'operator' | 'admin';
  /** Type prefix of its change events (`<prefix>created | updated | deleted`) on the live stream. */
  eventPrefix: string;
  /** Whether documents have a unique `name` (silences do not). */
  named: boolean;
  fields: readonly FieldSpec[];
  columns: readonly KindColumn[];
  /** The values a new document starts with. */
  template: ConfigDocument;
}

/** Every kind the configuration page shows, in the order of the index. */
export const CONFIG_KINDS: readonly ConfigKind[] = [
  {
    slug: 'monitors',
    title: 'Monitors',
    singular: 'monitor',
    group: 'Monitoring',
    description: 'Checks of your services: HTTP, TCP, DNS, TLS, heartbeats, Prometheus scrapes.',
    writeRole: 'operator',
    eventPrefix: 'monitor.monitor_',
    named: true,
    fields: MONITOR_FIELDS,
    columns: MONITOR_COLUMNS,
    template: { kind: 'http' },
  },
  {
    slug: 'alert-rules',
    title: 'Alert rules',
    singular: 'alert rule',
    group: 'Alerting',
    description: 'Conditions on series that raise alerts.',
    writeRole: 'operator',
    eventPrefix: 'alerts.rule_',
    named: true,
    fields: ALERT_RULE_FIELDS,
    columns: ALERT_RULE_COLUMNS,
    template: { severity: 'warning' },
  },
  {
    slug: 'silences',
    title: 'Silences',
    singular: 'silence',
    group: 'Alerting',
    description: 'One-off mutes of the alerts their matchers select.',
    writeRole: 'operator',
    eventPrefix: 'alerts.silence_',
    named: false,
    fields: SILENCE_FIELDS,
    columns: SILENCE_COLUMNS,
    template: { duration: '2h' },
  },
  {
    slug: 'maintenance-windows',
    title: 'Maintenance windows',
    singular: 'maintenance window',
    group: 'Alerting',
    description: 'Mutes that repeat on a cron schedule.',
    writeRole: 'operator',
    eventPrefix: 'alerts.maintenance_window_',
    named: true,
    fields: MAINTENANCE_WINDOW_FIELDS,
    columns: MAINTENANCE_WINDOW_COLUMNS,
    template: {},
  },
  {
    slug: 'inhibit-rules',
    title: 'Inhibit rules',
    singular: 'inhibit rule',
    group: 'Alerting',
    description: 'While some alerts fire, mute others that share labels with them.',
    writeRole: 'operator',
    eventPrefix: 'alerts.inhibit_rule_',
    named: true,
    fields: INHIBIT_RULE_FIELDS,
    columns: INHIBIT_RULE_COLUMNS,
    template: {},
  },
  {
    slug: 'alert-receivers',
    title: 'Receivers',
    singular: 'receiver',
    group: 'Notifications',
    description: 'Notification channels: webhooks, Slack, e-mail. Secrets only as references.',
    writeRole: 'admin',
    eventPrefix: 'alerts.receiver_',
    named: true,
    fields: RECEIVER_FIELDS,
    columns: RECEIVER_COLUMNS,
    template: { kind: 'webhook' },
  },
  {
    slug: 'alert-routes',
    title: 'Routes',
    singular: 'route',
    group: 'Notifications',
    description: 'Which receivers get which alerts, grouped how, how often.',
    writeRole: 'operator',
    eventPrefix: 'alerts.route_',
    named: true,
    fields: ROUTE_FIELDS,
    columns: ROUTE_COLUMNS,
    template: {},
  },
  {
    slug: 'escalation-policies',
    title: 'Escalation policies',
    singular: 'escalation policy',
    group: 'Notifications',
    description: 'Who is told next when nobody acknowledges in time.',
    writeRole: 'operator',
    eventPrefix: 'alerts.escalation_policy_',
    named: true,
    fields: ESCALATION_POLICY_FIELDS,
    columns: ESCALATION_POLICY_COLUMNS,
    template: {},
  },
  {
    slug: 'runbooks',
    title: 'Runbooks',
    singular: 'runbook',
    group: 'Healing',
    description: 'What Vigia may do on its own when an alert fires.',
    writeRole: 'admin',
    eventPrefix: 'healing.runbook_',
    named: true,
    fields: RUNBOOK_FIELDS,
    columns: RUNBOOK_COLUMNS,
    template: {},
  },
];

/** The kind a `/config/<slug>` address names, if any. */
export function configKind(slug: string): ConfigKind | undefined {
  return CONFIG_KINDS.find((kind) => kind.slug === slug);
}

/** The API address of a kind's list, or of one of its documents. */
export function resourcePath(kind: ConfigKind, id?: string): string {
  return id === undefined ? `/api/${kind.slug}` : `/api/${kind.slug}/${encodeURIComponent(id)}`;
}

/** What people call one document: its name, or for silences its matchers. */
export function documentTitle(kind: ConfigKind, doc: ConfigDocument): string {
  if (kind.named) return typeof doc.name === 'string' && doc.name ? doc.name : String(doc.id ?? '');
  return cellText(doc.matchers);
}

const MONITOR_OWNER_LABEL = 'vigia.managed-by';
const MONITOR_FILE_LABEL = 'vigia.config-file';

/**
 * Whether the document comes from the configuration file: the API refuses to change or delete
 * it (409 MANAGED_BY_CONFIG). Monitors say so with a label, the other kinds with `managedBy`.
 */
export function isManagedByConfig(kind: ConfigKind, doc: ConfigDocument): boolean {
  if (kind.slug === 'monitors') return labelsOf(doc)[MONITOR_OWNER_LABEL] === 'config';
  return doc.managedBy === 'config';
}

/** The configuration file a managed monitor came from, when it names one. */
export function configFileOf(doc: ConfigDocument): string | undefined {
  const file = labelsOf(doc)[MONITOR_FILE_LABEL];
  return typeof file === 'string' ? file : undefined;
}

function labelsOf(doc: ConfigDocument): Record<string, unknown> {
  const labels = doc.labels;
  return typeof labels === 'object' && labels !== null && !Array.isArray(labels)
    ? (labels as Record<string, unknown>)
    : {};
}
