import { MONITOR_DEFINITION_EVENT_PREFIX, monitorJsonSchema, parseMonitor } from '../../monitor/index.js';
import { HttpProblemError } from '../problem.js';
import type { ObjectSchema, ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';
import { canonicalJson } from './canonical-json.js';
import { configFileOf, isConfigOwned, isConfigWrite, reservedLabelsIn } from './config-ownership.js';

/**
 * Monitors as a resource (`monitor.monitor_created | _updated | _deleted`): the monitor module
 * follows these events. Documents are checked by the monitor module's own parser, so the API
 * and vigia.yaml refuse the same things with the same field names. Names are unique.
 */
export function monitorResource(resources: () => ResourceStore): ResourceDefinition {
  const definition: ResourceDefinition = {
    kind: 'monitors',
    eventPrefix: MONITOR_DEFINITION_EVENT_PREFIX,
    schema: monitorJsonSchema as unknown as ObjectSchema,
    filterable: ['service', 'kind', 'name', 'group'],
    access: { read: 'viewer', write: 'operator' },
    async validate(doc, { id, existing, metadata }) {
      if (!isConfigWrite(metadata)) refuseApiWriteToConfigMonitor(doc, existing);
      const parsed = parseMonitor(doc);
      if (!parsed.ok) {
        const summary = parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ');
        throw new HttpProblemError(400, 'VALIDATION_FAILED', `Invalid monitor: ${summary}`, {
          errors: parsed.errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
        });
      }
      const clash = (await resources().findBy(definition, 'name', String(doc.name))).find((m) => m.id !== id);
      if (clash) throw new HttpProblemError(409, 'CONFLICT', `A monitor named "${doc.name}" exists already`);
    },
    validateRemoval(existing, { metadata }) {
      if (!isConfigWrite(metadata) && isConfigOwned(existing)) throw managedByConfig(existing, 'delete');
    },
  };
  return definition;
}

/**
 * Monitors from vigia.yaml change only through the file: an API write may flip `paused`
 * (operational state) and nothing else, and may not claim the ownership labels.
 */
function refuseApiWriteToConfigMonitor(
  doc: Record<string, unknown>,
  existing: Record<string, unknown> | undefined,
): void {
  if (existing && isConfigOwned(existing)) {
    const { paused: _paused, ...rest } = doc;
    const { paused: _existingPaused, ...existingRest } = existing;
    if (canonicalJson(rest) !== canonicalJson(existingRest)) throw managedByConfig(existing, 'change');
    return;
  }
  const reserved = reservedLabelsIn(doc);
  if (reserved.length > 0) {
    throw new HttpProblemError(
      400,
      'VALIDATION_FAILED',
      `Invalid monitor: labels ${reserved.join(', ')} are reserved for monitors from the configuration file`,
      { errors: reserved.map((label) => ({ field: `body.labels.${label}`, message: 'is reserved' })) },
    );
  }
}

function managedByConfig(existing: Record<string, unknown>, verb: 'change' | 'delete'): HttpProblemError {
  const file = configFileOf(existing);
  return new HttpProblemError(
    409,
    'MANAGED_BY_CONFIG',
    `Monitor "${String(existing.name)}" is managed by ${file}: ${verb} it there and reload the configuration ` +
      '(SIGHUP or POST /api/config/reload); only pause and resume are allowed through the API',
    { file },
  );
}
