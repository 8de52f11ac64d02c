import type { AlertResourceName } from '../../alerts/index.js';
import type { EventMetadata } from '../../events/index.js';
import { VigiaError } from '../../kernel/index.js';
import { canonicalJson } from '../monitoring/canonical-json.js';
import { configActor } from '../monitoring/config-ownership.js';
import { HttpProblemError } from '../problem.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore, ResourceView } from '../resources/resource-store.js';
import { MANAGED_BY_CONFIG_VALUE } from './alert-resource-definitions.js';

/** Definition kinds the configuration file can hold: alerting's (silences excepted) and runbooks. */
export type ConfigKind = Exclude<AlertResourceName, 'silences'> | 'runbooks';

/** The definition lists of vigia.yaml (`alerts.rules`, `alerts.receivers` …, `healing.runbooks`), default rules included. */
export type AlertConfigLists = Record<ConfigKind, ReadonlyArray<Record<string, unknown>>>;

/** Where a kind's list is in vigia.yaml, as problems name it. */
export function listPath(kind: ConfigKind): string {
  return kind === 'runbooks' ? 'healing.runbooks' : `alerts.${kind}`;
}

/** The resource kinds the lists are synced to. */
export type ConfigDefinitions = Record<ConfigKind, ResourceDefinition>;

/** In dependency order: what is referenced is written before what refers to it (and deleted after). */
export const CONFIG_KINDS: ReadonlyArray<ConfigKind> = [
  'receivers',
  'escalationPolicies',
  'routes',
  'inhibitRules',
  'maintenanceWindows',
  'rules',
  'runbooks',
];

/** One wrong entry: `alerts.routes[2].receivers[0]`, with the entry's name. */
export interface AlertConfigProblem {
  field: string;
  message: string;
  name?: string;
}

export class ConfigAlertsError extends VigiaError {
  constructor(readonly problems: AlertConfigProblem[]) {
    super(
      'CONFIG_INVALID',
      `Invalid alerting definitions (nothing was changed): ${problems.length} problem(s)`,
      {
        details: { problems },
      },
    );
  }
}

export interface AlertSyncReport {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
}

/**
 * Makes the alerting definitions owned by the configuration match its lists, kind by kind:
 * every entry is checked first (by the same validation as the API, against what is stored and
 * what the file brings); if one is wrong nothing changes. Definitions created through the API
 * are never touched. Routes get their file order as priority unless they set one.
 */
export async function syncConfigAlerts(
  resources: ResourceStore,
  definitions: ConfigDefinitions,
  lists: AlertConfigLists,
  source: { file: string; metadata?: EventMetadata },
  preflight: AlertPreflight,
): Promise<AlertSyncReport> {
  // Several instances starting together sync the same file at once: a write that loses the race
  // (the name was just created, the version moved on) is retried from what is stored now.
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOnce(resources, definitions, lists, source, preflight);
    } catch (error) {
      if (attempt >= SYNC_ATTEMPTS || !lostRace(error)) throw error;
    }
  }
}

const SYNC_ATTEMPTS = 5;

function lostRace(error: unknown): boolean {
  const cause = error instanceof ConfigAlertsError ? error.cause : error;
  if (cause instanceof HttpProblemError)
    return [409, 412].includes(cause.status) && cause.code !== 'MANAGED_BY_CONFIG';
  return cause instanceof VigiaError && ['WRONG_EXPECTED_VERSION', 'CONFLICT'].includes(cause.code);
}

async function syncOnce(
  resources: ResourceStore,
  definitions: ConfigDefinitions,
  lists: AlertConfigLists,
  source: { file: string; metadata?: EventMetadata },
  preflight: AlertPreflight,
): Promise<AlertSyncReport> {
  const metadata: EventMetadata = {
    ...source.metadata,
    actor: configActor(source.file),
    ...(source.metadata?.actor ? { requestedBy: source.metadata.actor } : {}),
  };
  const wanted = wantedDocuments(lists);
  const stored = await storedDefinitions(resources, definitions);
  const problems = [...duplicateNames(wanted, stored), ...(await preflight(lists, stored))];
  if (problems.length > 0) throw new ConfigAlertsError(problems);

  const report: AlertSyncReport = { created: [], updated: [], deleted: [], unchanged: 0 };
  // Deletes first, in reverse dependency order, so nothing still refers to what goes.
  for (const kind of [...CONFIG_KINDS].reverse()) {
    const names = new Set(wanted[kind].map((doc) => String(doc.name)));
    for (const view of stored[kind].filter(isOwned)) {
      if (names.has(String(view.doc.name))) continue;
      await resources.remove(definitions[kind], view.id, view.version, metadata);
      report.deleted.push(`${definitions[kind].kind}/${String(view.doc.name)}`);
    }
  }
  for (const kind of CONFIG_KINDS) {
    const owned = new Map(stored[kind].filter(isOwned).map((v) => [String(v.doc.name), v]));
    for (const [index, doc] of wanted[kind].entries()) {
      const current = owned.get(String(doc.name));
      try {
        if (!current) {
          await resources.create(definitions[kind], doc, metadata);
          report.created.push(`${definitions[kind].kind}/${String(doc.name)}`);
        } else if (canonicalJson(doc) !== canonicalJson(current.doc)) {
          await resources.replace(definitions[kind], current.id, doc, current.version, metadata);
          report.updated.push(`${definitions[kind].kind}/${String(doc.name)}`);
        } else {
          report.unchanged++;
        }
      } catch (error) {
        if (error instanceof HttpProblemError)
          throw new ConfigAlertsError(problemsOf(kind, index, doc, error));
        throw error;
      }
    }
  }
  return report;
}

/** The problems a sync of `lists` would stop on, found without writing anything. */
export async function checkConfigAlerts(
  resources: ResourceStore,
  definitions: ConfigDefinitions,
  lists: AlertConfigLists,
  preflight: AlertPreflight,
): Promise<AlertConfigProblem[]> {
  const stored = await storedDefinitions(resources, definitions);
  return [...duplicateNames(wantedDocuments(lists), stored), ...(await preflight(lists, stored))];
}

/**
 * The problems the file's alerting definitions and runbooks have on their own, without a store
 * (`vigia config check`): parsing, references between them, names given twice. Series names are
 * not checked (they depend on the samples recorded).
 */
export async function checkConfigAlertsOffline(
  lists: AlertConfigLists,
  preflight: AlertPreflight,
): Promise<AlertConfigProblem[]> {
  const none = Object.fromEntries(CONFIG_KINDS.map((kind) => [kind, []])) as unknown as Record<
    (typeof CONFIG_KINDS)[number],
    ResourceView[]
  >;
  return [...duplicateNames(wantedDocuments(lists), none), ...(await preflight(lists, none))];
}

/** One line for a person: `alerts.rules[2] (name "api-latency"): condition.window must be …`. */
export function describeAlertProblem(problem: AlertConfigProblem): string {
  const split = /^(.*?\[\d+\])\.?(.*)$/.exec(problem.field);
  const entry = split?.[1] ?? problem.field;
  const field = split?.[2] ?? '';
  const name = problem.name === undefined ? '' : ` (name ${JSON.stringify(problem.name)})`;
  return `${entry}${name}: ${field ? `${field} ` : ''}${problem.message}`;
}

function wantedDocuments(
  lists: AlertConfigLists,
): Record<(typeof CONFIG_KINDS)[number], Array<Record<string, unknown>>> {
  return Object.fromEntries(
    CONFIG_KINDS.map((kind) => [kind, lists[kind].map((entry, index) => withOwner(kind, entry, index))]),
  ) as Record<(typeof CONFIG_KINDS)[number], Array<Record<string, unknown>>>;
}

async function storedDefinitions(
  resources: ResourceStore,
  definitions: ConfigDefinitions,
): Promise<Record<(typeof CONFIG_KINDS)[number], ResourceView[]>> {
  return Object.fromEntries(
    await Promise.all(CONFIG_KINDS.map(async (kind) => [kind, await resources.listAll(definitions[kind])])),
  ) as Record<(typeof CONFIG_KINDS)[number], ResourceView[]>;
}

/**
 * Checks every entry before anything is written (parsers, references between definitions,
 * unknown series), given the lists and what is stored; see config-alerts-preflight.ts.
 */
export type AlertPreflight = (
  lists: AlertConfigLists,
  stored: Record<(typeof CONFIG_KINDS)[number], ResourceView[]>,
) => Promise<AlertConfigProblem[]>;

function withOwner(kind: string, entry: Record<string, unknown>, index: number): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...entry, managedBy: MANAGED_BY_CONFIG_VALUE };
  if (kind === 'routes' && doc.priority === undefined) doc.priority = (index + 1) * 10;
  return doc;
}

/** True when the stored definition came from the configuration file. */
export function isOwned(view: ResourceView): boolean {
  return view.doc.managedBy === MANAGED_BY_CONFIG_VALUE;
}

function duplicateNames(
  wanted: Record<string, Array<Record<string, unknown>>>,
  stored: Record<string, ResourceView[]>,
): AlertConfigProblem[] {
  const problems: AlertConfigProblem[] = [];
  for (const kind of CONFIG_KINDS) {
    const byApi = new Map(stored[kind]!.filter((v) => !isOwned(v)).map((v) => [String(v.doc.name), v.id]));
    const seen = new Map<string, number>();
    wanted[kind]!.forEach((doc, index) => {
      const name = String(doc.name);
      const first = seen.get(name);
      if (first !== undefined) {
        problems.push({
          field: `${listPath(kind)}[${index}].name`,
          message: `is also the name of ${listPath(kind)}[${first}]`,
          name,
        });
      } else seen.set(name, index);
      const apiId = byApi.get(name);
      if (apiId) {
        problems.push({
          field: `${listPath(kind)}[${index}].name`,
          message: `is taken by ${apiId}, created through the API: rename the entry or delete that one`,
          name,
        });
      }
    });
  }
  return problems;
}

function problemsOf(kind: ConfigKind, index: number, doc: Record<string, unknown>, error: HttpProblemError) {
  const errors = error.details.errors;
  const name = typeof doc.name === 'string' ? { name: doc.name } : {};
  if (Array.isArray(errors) && errors.length > 0) {
    return (errors as Array<{ field: string; message: string }>).map((e) => ({
      field: `${listPath(kind)}[${index}].${e.field.replace(/^body\./, '')}`,
      message: e.message,
      ...name,
    }));
  }
  return [{ field: `${listPath(kind)}[${index}]`, message: error.message, ...name }];
}
