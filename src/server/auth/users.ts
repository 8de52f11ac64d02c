import { HttpProblemError } from '../problem.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';
import { ROLES } from './principal.js';

/** Users as a resource (`auth.user_created | _updated | _deleted`); names are unique. */
export function userResource(resources: () => ResourceStore): ResourceDefinition {
  const definition: ResourceDefinition = {
    kind: 'users',
    eventPrefix: 'auth.user',
    schema: {
      type: 'object',
      required: ['name', 'role'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]*$' },
        displayName: { type: 'string', maxLength: 200 },
        role: { type: 'string', enum: [...ROLES] },
        disabled: { type: 'boolean' },
      },
    },
    filterable: ['role', 'name'],
    access: { read: 'admin', write: 'admin' },
    async validate(doc, { id }) {
      const clash = (await resources().findBy(definition, 'name', String(doc.name))).find((u) => u.id !== id);
      if (clash) throw new HttpProblemError(409, 'CONFLICT', `A user named "${doc.name}" exists already`);
    },
  };
  return definition;
}
