import { documentBody, MANAGED_BY_FIELD } from '../../alerts/index.js';
import { parseRunbook, RUNBOOK_EVENT_PREFIX, runbookJsonSchema } from '../../healing/index.js';
import { MANAGED_BY_CONFIG_VALUE } from '../alerting/alert-resource-definitions.js';
import { isConfigWrite } from '../monitoring/config-ownership.js';
import { HttpProblemError } from '../problem.js';
import type { ObjectSchema, ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';

/**
 * Runbooks as a resource (`healing.runbook_created | _updated | _deleted`), checked by the healing
 * module's own parser. Runbooks act on the world, so changing them takes the admin role.
 */
export function runbookResource(resources: () => ResourceStore): ResourceDefinition {
  const schema = runbookJsonSchema as unknown as ObjectSchema;
  const definition: ResourceDefinition = {
    kind: 'runbooks',
    eventPrefix: RUNBOOK_EVENT_PREFIX,
    schema: {
      ...schema,
      properties: {
        ...schema.properties,
        [MANAGED_BY_FIELD]: {
          type: 'string',
          enum: [MANAGED_BY_CONFIG_VALUE],
          description: 'Set on runbooks from vigia.yaml',
        },
      },
    },
    filterable: ['name'],
    access: { read: 'viewer', write: 'admin' },
    async validate(doc, { id, existing, metadata }) {
      if (!isConfigWrite(metadata)) {
        if (existing?.[MANAGED_BY_FIELD] === MANAGED_BY_CONFIG_VALUE) {
          throw new HttpProblemError(
            409,
            'MANAGED_BY_CONFIG',
            `Runbook "${String(existing.name)}" comes from the configuration file`,
          );
        }
        if (MANAGED_BY_FIELD in doc) {
          throw new HttpProblemError(
            400,
            'VALIDATION_FAILED',
            `Invalid runbook: ${MANAGED_BY_FIELD} is set by Vigia only`,
            {
              errors: [
                { field: `body.${MANAGED_BY_FIELD}`, message: 'is set by Vigia on runbooks from vigia.yaml' },
              ],
            },
          );
        }
      }
      const parsed = parseRunbook(documentBody(doc));
      if (!parsed.ok) {
        const summary = parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ');
        throw new HttpProblemError(400, 'VALIDATION_FAILED', `Invalid runbook: ${summary}`, {
          errors: parsed.errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
        });
      }
      const clash = (await resources().findBy(definition, 'name', String(doc.name))).find((r) => r.id !== id);
      if (clash) throw new HttpProblemError(409, 'CONFLICT', `A runbook named "${doc.name}" exists already`);
    },
    validateRemoval(existing, { metadata }) {
      if (!isConfigWrite(metadata) && existing[MANAGED_BY_FIELD] === MANAGED_BY_CONFIG_VALUE) {
        throw new HttpProblemError(
          409,
          'MANAGED_BY_CONFIG',
          `Runbook "${String(existing.name)}" comes from the configuration file`,
        );
      }
    },
  };
  return definition;
}
