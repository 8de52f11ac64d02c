/**
 * A notification route as users write it (vigia.yaml `alerts.routes:`, POST /api/alert-routes):
 * which alerts it takes (matchers), whom it tells (receivers, an escalation policy) and how it
 * groups them. Children refine their parent; unset fields are inherited (see RouteTree).
 */
import { z } from 'zod';
import type { FieldError, Parsed } from '../../kernel/index.js';
import { parseMatcherText } from '../../kernel/index.js';
import {
  documentErrors,
  durationField,
  expected,
  identifierField,
  jsonSchemaOf,
  receiverListField,
  refuseDuplicates,
} from './document-fields.js';

/** Fields shared by top-level and child routes. Durations are kept as written (`5m`). */
export interface RouteFields {
  name: string;
  /** Label matchers in text form (`service=~"db|cache"`); empty matches every alert. */
  matchers: string[];
  /** Unset: inherited from the parent (the root settings for a top-level route); `[]`: nobody. */
  receivers?: string[];
  escalation?: string;
  /** Label names the alerts are grouped by; `['...']` groups by every label (one alert per group). */
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  /** True: after this route matched, the following siblings are tried too. */
  continue: boolean;
  /** Tried in the order listed; the first that matches takes the alert unless it says `continue`. */
  routes: ChildRouteDocument[];
}

export type ChildRouteDocument = RouteFields;

/** A top-level route. */
export interface RouteDocument extends RouteFields {
  /** Lower is tried first (100 when unset); equal priorities are tried by name. */
  priority?: number;
}

export const DEFAULT_ROUTE_PRIORITY = 100;
/** Levels of routes, the top-level route being level 1. */
export const MAX_ROUTE_DEPTH = 5;
const MAX_CHILD_ROUTES = 50;
const MAX_MATCHERS = 20;
const MAX_GROUP_BY = 30;
const MAX_PRIORITY = 1_000_000;

/** The group-by value that means "every label". */
export const GROUP_BY_ALL = '...';
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const matcherField = z
  .string({ error: expected('must be a matcher such as service="api" or team=~"ops|db"') })
  .superRefine((text, context) => {
    const parsed = parseMatcherText(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
  });

const GROUP_BY_EXPECTED = `must be a list of label names, or ["${GROUP_BY_ALL}"] for every label`;
const groupByField = z
  .array(
    z
      .string({ error: expected('must be a label name') })
      .refine((name) => name === GROUP_BY_ALL || LABEL_NAME.test(name), {
        error: expected('must be a label name ([A-Za-z_][A-Za-z0-9_]*) or "..."'),
      }),
    { error: expected(GROUP_BY_EXPECTED) },
  )
  .max(MAX_GROUP_BY, { error: expected(`${GROUP_BY_EXPECTED}, at most ${MAX_GROUP_BY}`) })
  .superRefine(refuseDuplicates('label'))
  .superRefine((names, context) => {
    if (names.includes(GROUP_BY_ALL) && names.length > 1) {
      context.addIssue({ code: 'custom', message: `"${GROUP_BY_ALL}" must be the only entry when given` });
    }
  });

const routeFields = {
  name: identifierField(),
  matchers: z
    .array(matcherField, { error: expected('must be a list of matchers such as service="api"') })
    .max(MAX_MATCHERS, { error: expected(`must be a list of at most ${MAX_MATCHERS} matchers`) })
    .default([]),
  receivers: receiverListField(0, 10).optional(),
  escalation: identifierField().optional(),
  groupBy: groupByField.optional(),
  groupWait: durationField(0).optional(),
  groupInterval: durationField(1000).optional(),
  repeatInterval: durationField(60_000).optional(),
  continue: z.boolean({ error: expected('must be true or false') }).default(false),
};

const ROUTES_EXPECTED = `must be a list of at most ${MAX_CHILD_ROUTES} routes`;
const objectError = (issue: { code?: string; input?: unknown }) =>
  issue.code === 'invalid_type' ? expected('must be an object (a route)')(issue) : undefined;

const childRouteSchema = z.strictObject(
  {
    ...routeFields,
    get routes(): z.ZodDefault<z.ZodArray<z.ZodType<ChildRouteDocument>>> {
      return z
        .array(childRouteSchema, { error: expected(ROUTES_EXPECTED) })
        .max(MAX_CHILD_ROUTES, { error: expected(ROUTES_EXPECTED) })
        .default([]);
    },
  },
  { error: objectError },
);

const routeSchema = z.strictObject(
  {
    ...childRouteSchema.shape,
    priority: z
      .number({ error: expected(`must be a whole number from 0 to ${MAX_PRIORITY}`) })
      .int({ error: expected(`must be a whole number from 0 to ${MAX_PRIORITY}`) })
      .min(0, { error: expected(`must be a whole number from 0 to ${MAX_PRIORITY}`) })
      .max(MAX_PRIORITY, { error: expected(`must be a whole number from 0 to ${MAX_PRIORITY}`) })
      .optional(),
  },
  { error: objectError },
);

/** The JSON schema of a top-level route document (POST /api/alert-routes). */
export const routeJsonSchema: Record<string, unknown> = jsonSchemaOf(routeSchema);

/** Checks a route document; every problem is reported by field (`routes[1].matchers[0]`). */
export function parseRoute(doc: unknown): Parsed<RouteDocument> {
  const parsed = routeSchema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      errors: documentErrors(parsed.error, (key, path) =>
        key === 'priority' && path.length > 0
          ? 'is only allowed on top-level routes (child routes are tried in the order listed)'
          : undefined,
      ),
    };
  }
  const route: RouteDocument = parsed.data;
  const errors = treeErrors(route, '', 1);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: route };
}

/** What the schema cannot say: nesting depth and child names unique among siblings. */
function treeErrors(route: RouteFields, prefix: string, level: number): FieldError[] {
  const errors: FieldError[] = [];
  if (route.routes.length > 0 && level >= MAX_ROUTE_DEPTH) {
    errors.push({
      field: `${prefix}routes`,
      message: `must be empty: routes may be nested at most ${MAX_ROUTE_DEPTH} levels deep`,
    });
    return errors;
  }
  const names = new Set<string>();
  route.routes.forEach((child, index) => {
    const childPrefix = `${prefix}routes[${index}].`;
    if (names.has(child.name)) {
      errors.push({
        field: `${childPrefix}name`,
        message: `"${child.name}" is already the name of a sibling route`,
      });
    }
    names.add(child.name);
    errors.push(...treeErrors(child, childPrefix, level + 1));
  });
  return errors;
}
