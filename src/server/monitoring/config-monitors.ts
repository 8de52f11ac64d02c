import type { EventMetadata } from '../../events/index.js';
import { VigiaError } from '../../kernel/index.js';
import { parseMonitor } from '../../monitor/index.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore, ResourceView } from '../resources/resource-store.js';
import { canonicalJson } from './canonical-json.js';
import { configActor, isConfigOwned, reservedLabelsIn, withOwnershipLabels } from './config-ownership.js';
import { monitorLimitErrors } from './monitor-document-limits.js';

/** One wrong entry of the `monitors:` list: which one, and which field (`monitors[3].url`). */
export interface ConfigEntryError {
  index: number;
  /** The entry's name, when it has a readable one. */
  name?: string;
  field: string;
  message: string;
}

/** What a sync changed: names created, updated and deleted, and how many were already right. */
export interface ConfigSyncReport {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
}

/** Which file the entries came from, and the metadata of the request or signal that asked for the sync. */
export interface ConfigSyncSource {
  file: string;
  metadata?: EventMetadata;
}

/** The `monitors:` list of a configuration file has wrong entries: nothing was changed. */
export class ConfigMonitorsError extends VigiaError {
  constructor(
    readonly file: string,
    readonly errors: ConfigEntryError[],
  ) {
    const lines = errors.map((e) => `  ${describeEntryError(e)}`).join('\n');
    super('CONFIG_INVALID', `Invalid monitors in ${file} (nothing was changed):\n${lines}`, {
      details: { file, errors },
    });
  }
}

/** `monitors[3] (name "api-health"): url must be an http:// or https:// URL` */
export function describeEntryError(error: ConfigEntryError): string {
  const prefix = `monitors[${error.index}]`;
  const who = error.name === undefined ? prefix : `${prefix} (name ${JSON.stringify(error.name)})`;
  const field = error.field === prefix ? '' : `${error.field.slice(prefix.length + 1)} `;
  return `${who}: ${field}${error.message}`;
}

/**
 * Fields whose values may hold secrets (tokens in URLs, authorization headers, request bodies):
 * their messages keep the field and the expectation but not the value, since reload reports are
 * logged and stored as events.
 */
const SECRET_FIELD = /^(?:url|body|headers)(?:[.[]|$)/;

function entryError(index: number, name: string | undefined, field: string, message: string) {
  const safe = SECRET_FIELD.test(field) ? message.replace(/, got [\s\S]*$/, '') : message;
  const path = field === '(monitor)' ? `monitors[${index}]` : `monitors[${index}].${field}`;
  return { index, ...(name === undefined ? {} : { name }), field: path, message: safe };
}

function nameOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const name = (entry as Record<string, unknown>).name;
  return typeof name === 'string' && name.length > 0 ? name.slice(0, 100) : undefined;
}

/**
 * Checks every entry without touching the store: the monitor parser (the same field names as
 * the API), the API's size limits, reserved labels, and names used twice in the file.
 */
export function validateConfigMonitors(entries: ReadonlyArray<unknown>): ConfigEntryError[] {
  const errors: ConfigEntryError[] = [];
  const firstIndexByName = new Map<string, number>();
  entries.forEach((entry, index) => {
    const name = nameOf(entry);
    const parsed = parseMonitor(entry);
    if (!parsed.ok) {
      for (const e of parsed.errors) errors.push(entryError(index, name, e.field, e.message));
      if (parsed.errors.some((e) => e.field === '(monitor)')) return;
    }
    const doc = entry as Record<string, unknown>;
    for (const e of monitorLimitErrors(doc)) errors.push(entryError(index, name, e.field, e.message));
    for (const label of reservedLabelsIn(doc)) {
      errors.push(
        entryError(index, name, `labels.${label}`, 'is set by Vigia on monitors from the file; remove it'),
      );
    }
    if (name === undefined) return;
    const first = firstIndexByName.get(name);
    if (first === undefined) firstIndexByName.set(name, index);
    else errors.push(entryError(index, name, 'name', `is also the name of monitors[${first}]`));
  });
  return errors;
}

/**
 * Makes the monitors owned by the configuration file match its `monitors:` list: creates new
 * entries, replaces changed ones, deletes owned monitors no longer listed, and leaves unchanged
 * ones alone (no event). Monitors created through the API are never touched. Every entry is
 * checked first; if any is wrong, nothing changes and ConfigMonitorsError names each one.
 * An entry without `paused` keeps the paused state set through the API.
 */
export async function syncConfigMonitors(
  resources: ResourceStore,
  definition: ResourceDefinition,
  entries: ReadonlyArray<unknown>,
  source: ConfigSyncSource,
): Promise<ConfigSyncReport> {
  const errors = validateConfigMonitors(entries);
  const stored = await resources.listAll(definition);
  const owned = new Map(stored.filter((m) => isConfigOwned(m.doc)).map((m) => [String(m.doc.name), m]));
  const byApi = new Map(stored.filter((m) => !isConfigOwned(m.doc)).map((m) => [String(m.doc.name), m]));
  entries.forEach((entry, index) => {
    const name = nameOf(entry);
    const clash = name === undefined ? undefined : byApi.get(name);
    if (clash) {
      const message = `is taken by monitor ${clash.id}, created through the API: rename the entry or delete that monitor`;
      errors.push(entryError(index, name, 'name', message));
    }
  });
  if (errors.length > 0) throw new ConfigMonitorsError(source.file, errors);

  const metadata: EventMetadata = {
    ...source.metadata,
    actor: configActor(source.file),
    ...(source.metadata?.actor ? { requestedBy: source.metadata.actor } : {}),
  };
  const report: ConfigSyncReport = { created: [], updated: [], deleted: [], unchanged: 0 };
  const listed = new Set<string>();
  const creates: Array<Record<string, unknown>> = [];
  const replaces: Array<{ current: ResourceView; doc: Record<string, unknown> }> = [];
  for (const entry of entries as ReadonlyArray<Record<string, unknown>>) {
    const name = String(entry.name);
    listed.add(name);
    const current = owned.get(name);
    const doc = withOwnershipLabels(entry, source.file);
    if (!current) {
      creates.push(doc);
      continue;
    }
    if (entry.paused === undefined && current.doc.paused !== undefined) doc.paused = current.doc.paused;
    if (canonicalJson(doc) === canonicalJson(current.doc)) report.unchanged++;
    else replaces.push({ current, doc });
  }
  // Deletes first, then replaces, then creates: a name freed in this sync can be reused by it.
  for (const [name, monitor] of owned) {
    if (listed.has(name)) continue;
    await resources.remove(definition, monitor.id, monitor.version, metadata);
    report.deleted.push(name);
  }
  for (const { current, doc } of replaces) {
    await resources.replace(definition, current.id, doc, current.version, metadata);
    report.updated.push(String(doc.name));
  }
  for (const doc of creates) {
    await resources.create(definition, doc, metadata);
    report.created.push(String(doc.name));
  }
  return report;
}
