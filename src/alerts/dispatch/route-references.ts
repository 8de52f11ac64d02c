import type { FieldError } from '../../kernel/index.js';
import type { RouteFields } from './route-document.js';

/**
 * Receivers and escalation policies a route names that do not exist, by field
 * (`receivers[0]`, `routes[1].escalation`), so the server can refuse the route.
 */
export function unknownReferences(
  route: RouteFields,
  receiverNames: ReadonlySet<string>,
  escalationNames: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  collect(route, '', receiverNames, escalationNames, errors);
  return errors;
}

function collect(
  route: RouteFields,
  prefix: string,
  receiverNames: ReadonlySet<string>,
  escalationNames: ReadonlySet<string>,
  errors: FieldError[],
): void {
  route.receivers?.forEach((name, index) => {
    if (!receiverNames.has(name)) {
      errors.push({ field: `${prefix}receivers[${index}]`, message: `receiver "${name}" does not exist` });
    }
  });
  if (route.escalation !== undefined && !escalationNames.has(route.escalation)) {
    errors.push({
      field: `${prefix}escalation`,
      message: `escalation policy "${route.escalation}" does not exist`,
    });
  }
  route.routes.forEach((child, index) => {
    collect(child, `${prefix}routes[${index}].`, receiverNames, escalationNames, errors);
  });
}
