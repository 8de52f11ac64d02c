import { MONITOR_DEFINITION_EVENT_PREFIX, monitorJsonSchema, parseMonitor } from '../../monitor/index.js';
import { HttpProblemError } from '../problem.js';
import type { ObjectSchema, ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';

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
    async validate(doc, { id }) {
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
  };
  return definition;
}
