/**
 * The alerting definitions kept as resources (created, replaced and deleted through the API or
 * vigia.yaml): their URL kind and event prefix. A resource `<kind>` with id X is the stream
 * `<kind>-X`, and its changes are `<eventPrefix>_created | _updated | _deleted` events with data
 * `{ id, doc }`, which the alert runtime follows.
 */
export const AlertResourceKinds = {
  rules: { kind: 'alert-rules', eventPrefix: 'alerts.rule' },
  receivers: { kind: 'alert-receivers', eventPrefix: 'alerts.receiver' },
  routes: { kind: 'alert-routes', eventPrefix: 'alerts.route' },
  escalationPolicies: { kind: 'escalation-policies', eventPrefix: 'alerts.escalation_policy' },
  inhibitRules: { kind: 'inhibit-rules', eventPrefix: 'alerts.inhibit_rule' },
  maintenanceWindows: { kind: 'maintenance-windows', eventPrefix: 'alerts.maintenance_window' },
  silences: { kind: 'silences', eventPrefix: 'alerts.silence' },
} as const;

export type AlertResourceName = keyof typeof AlertResourceKinds;

/** Data of a resource event. */
export interface ResourceEventData {
  id: string;
  doc?: unknown;
}

/** Which definition a resource event is about, and whether it removes it; undefined for other events. */
export function resourceChangeOf(
  type: string,
): { resource: AlertResourceName; deleted: boolean } | undefined {
  for (const [resource, { eventPrefix }] of Object.entries(AlertResourceKinds)) {
    if (!type.startsWith(`${eventPrefix}_`)) continue;
    const suffix = type.slice(eventPrefix.length + 1);
    if (suffix === 'created' || suffix === 'updated')
      return { resource: resource as AlertResourceName, deleted: false };
    if (suffix === 'deleted') return { resource: resource as AlertResourceName, deleted: true };
  }
  return undefined;
}

/**
 * Field marking a definition as written by the configuration sync (`managedBy: config`). It is
 * not part of any document schema: the API refuses it, and parsers see the document without it.
 */
export const MANAGED_BY_FIELD = 'managedBy';

/** Field the server sets on silences: who created it (the actor of the request). */
export const CREATED_BY_FIELD = 'createdBy';

/** The document without the fields the server sets, as the parsers take it. */
export function documentBody(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc;
  if (!(MANAGED_BY_FIELD in doc) && !(CREATED_BY_FIELD in doc)) return doc;
  const { [MANAGED_BY_FIELD]: _owner, [CREATED_BY_FIELD]: _author, ...body } = doc as Record<string, unknown>;
  return body;
}
