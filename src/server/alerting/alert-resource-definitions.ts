import {
  AlertResourceKinds,
  type AlertResourceName,
  alertRuleJsonSchema,
  CREATED_BY_FIELD,
  documentBody,
  escalationPolicyJsonSchema,
  type FieldError,
  inhibitRuleJsonSchema,
  MANAGED_BY_FIELD,
  maintenanceWindowJsonSchema,
  type Parsed,
  parseAlertRule,
  parseEscalationPolicy,
  parseInhibitRule,
  parseMaintenanceWindow,
  parseReceiver,
  parseRoute,
  parseSilence,
  receiverJsonSchema,
  routeJsonSchema,
  silenceJsonSchema,
  unknownPolicyReceivers,
  unknownReferences,
  unknownSeriesError,
} from '../../alerts/index.js';
import type { Clock } from '../../kernel/index.js';
import { isConfigWrite } from '../monitoring/config-ownership.js';
import { HttpProblemError } from '../problem.js';
import type { ObjectSchema, ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';

/** The value of `managedBy` on definitions written by the configuration sync. */
export const MANAGED_BY_CONFIG_VALUE = 'config';

export interface AlertResourceOptions {
  resources: () => ResourceStore;
  clock: Clock;
  /** Series names with recorded samples (rules naming another series are refused). */
  knownSeries: () => Promise<ReadonlySet<string> | undefined>;
}

interface KindSpec {
  schema: Record<string, unknown>;
  parse(doc: unknown, nowMs: number, existing: boolean): Parsed<unknown>;
  /** Problems only the stored definitions can reveal (unknown receivers, unknown series …). */
  references?(doc: Record<string, unknown>): Promise<FieldError[]>;
  filterable: string[];
  /** The stored document for a request's (normalized values, server-set fields). */
  prepare?(
    doc: Record<string, unknown>,
    nowMs: number,
    context: { existing?: Record<string, unknown>; actor: string },
  ): Record<string, unknown>;
  /** Whether documents have a unique `name`. */
  named: boolean;
  write: 'operator' | 'admin';
}

/** The alerting definitions as resource kinds: rules, receivers, routes, policies, inhibit rules, windows, silences. */
export function alertResourceDefinitions(
  options: AlertResourceOptions,
): Record<AlertResourceName, ResourceDefinition> {
  const namesOf = async (resource: AlertResourceName): Promise<Set<string>> => {
    const names = new Set<string>();
    let after: string | undefined;
    do {
      const page = await options
        .resources()
        .list(definitions[resource], { limit: 500, filters: {}, ...(after ? { after } : {}) });
      for (const item of page.items) names.add(String(item.doc.name));
      after = page.next ?? undefined;
    } while (after);
    return names;
  };
  const specs: Record<AlertResourceName, KindSpec> = {
    rules: {
      schema: alertRuleJsonSchema,
      parse: (doc) => parseAlertRule(doc),
      async references(doc) {
        const parsed = parseAlertRule(doc);
        if (!parsed.ok) return [];
        const known = await options.knownSeries();
        const problem = known ? unknownSeriesError(parsed.value, known) : undefined;
        return problem ? [problem] : [];
      },
      filterable: ['name', 'severity'],
      named: true,
      write: 'operator',
    },
    receivers: {
      schema: receiverJsonSchema,
      parse: (doc) => parseReceiver(doc),
      filterable: ['name', 'kind'],
      named: true,
      write: 'admin',
    },
    routes: {
      schema: routeJsonSchema,
      parse: (doc) => parseRoute(doc),
      async references(doc) {
        const parsed = parseRoute(doc);
        if (!parsed.ok) return [];
        return unknownReferences(
          parsed.value,
          await namesOf('receivers'),
          await namesOf('escalationPolicies'),
        );
      },
      filterable: ['name'],
      named: true,
      write: 'operator',
    },
    escalationPolicies: {
      schema: escalationPolicyJsonSchema,
      parse: (doc) => parseEscalationPolicy(doc),
      async references(doc) {
        const parsed = parseEscalationPolicy(doc);
        if (!parsed.ok) return [];
        return unknownPolicyReceivers(parsed.value, await namesOf('receivers'));
      },
      filterable: ['name'],
      named: true,
      write: 'operator',
    },
    inhibitRules: {
      schema: inhibitRuleJsonSchema,
      parse: (doc) => parseInhibitRule(doc),
      filterable: ['name'],
      named: true,
      write: 'operator',
    },
    maintenanceWindows: {
      schema: maintenanceWindowJsonSchema,
      parse: (doc) => parseMaintenanceWindow(doc),
      filterable: ['name'],
      named: true,
      write: 'operator',
    },
    silences: {
      schema: silenceJsonSchema,
      // An existing silence may be ended early (endsAt = now); a new one must end in the future.
      parse: (doc, nowMs, existing) => parseSilence(doc, nowMs, { allowEnded: existing }),
      // Stored with `duration` turned into `endsAt`, and the author (kept across replaces).
      prepare(doc, nowMs, { existing, actor }) {
        const parsed = parseSilence(documentBody(doc), nowMs, { allowEnded: existing !== undefined });
        const body = parsed.ok ? { ...parsed.value } : doc;
        return { ...body, [CREATED_BY_FIELD]: String(existing?.[CREATED_BY_FIELD] ?? actor) };
      },
      filterable: [],
      named: false,
      write: 'operator',
    },
  };
  const definitions = {} as Record<AlertResourceName, ResourceDefinition>;
  for (const [resource, spec] of Object.entries(specs) as Array<[AlertResourceName, KindSpec]>) {
    definitions[resource] = kindDefinition(resource, spec, options);
  }
  return definitions;
}

function kindDefinition(
  resource: AlertResourceName,
  spec: KindSpec,
  options: AlertResourceOptions,
): ResourceDefinition {
  const { kind, eventPrefix } = AlertResourceKinds[resource];
  const base = flattenUnion(apiSchemaOf(spec.schema) as Record<string, unknown>);
  const schema: ObjectSchema = {
    type: 'object',
    properties: {
      ...(base.properties ?? {}),
      [MANAGED_BY_FIELD]: {
        type: 'string',
        enum: [MANAGED_BY_CONFIG_VALUE],
        description: 'Set by Vigia on definitions from vigia.yaml; read-only',
      },
      ...(resource === 'silences'
        ? { [CREATED_BY_FIELD]: { type: 'string', description: 'Who created the silence; set by Vigia' } }
        : {}),
    },
    ...(base.required ? { required: base.required } : {}),
  };
  const definition: ResourceDefinition = {
    kind,
    eventPrefix,
    schema,
    filterable: spec.filterable,
    access: { read: 'viewer', write: spec.write },
    ...(spec.prepare
      ? {
          prepare: (
            doc: Record<string, unknown>,
            { existing, metadata }: { existing?: Record<string, unknown>; metadata?: { actor?: unknown } },
          ) =>
            spec.prepare!(doc, options.clock.now(), {
              existing,
              actor: String(metadata?.actor ?? 'unknown'),
            }),
        }
      : {}),
    async validate(doc, { id, existing, metadata }) {
      const fromConfig = isConfigWrite(metadata);
      if (!fromConfig) refuseApiWriteToConfigDefinition(kind, doc, existing);
      const body = documentBody(doc);
      const parsed = spec.parse(body, options.clock.now(), existing !== undefined);
      if (!parsed.ok) throw invalid(kind, parsed.errors);
      const problems = spec.references ? await spec.references(body as Record<string, unknown>) : [];
      if (problems.length > 0) throw invalid(kind, problems);
      if (spec.named) {
        const clash = (await options.resources().findBy(definition, 'name', String(doc.name))).find(
          (d) => d.id !== id,
        );
        if (clash)
          throw new HttpProblemError(409, 'CONFLICT', `One of ${kind} is named "${doc.name}" already`);
      }
    },
    validateRemoval(existing, { metadata }) {
      if (!isConfigWrite(metadata) && existing[MANAGED_BY_FIELD] === MANAGED_BY_CONFIG_VALUE) {
        throw managedByConfig(kind, existing, 'delete');
      }
    },
  };
  return definition;
}

function invalid(kind: string, errors: ReadonlyArray<FieldError>): HttpProblemError {
  const summary = errors.map((e) => `${e.field} ${e.message}`).join('; ');
  return new HttpProblemError(400, 'VALIDATION_FAILED', `Invalid ${kind}: ${summary}`, {
    errors: errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
  });
}

function refuseApiWriteToConfigDefinition(
  kind: string,
  doc: Record<string, unknown>,
  existing: Record<string, unknown> | undefined,
): void {
  if (existing && existing[MANAGED_BY_FIELD] === MANAGED_BY_CONFIG_VALUE)
    throw managedByConfig(kind, existing, 'change');
  if (MANAGED_BY_FIELD in doc) {
    throw new HttpProblemError(
      400,
      'VALIDATION_FAILED',
      `Invalid ${kind}: ${MANAGED_BY_FIELD} is set by Vigia only`,
      {
        errors: [
          { field: `body.${MANAGED_BY_FIELD}`, message: 'is set by Vigia on definitions from vigia.yaml' },
        ],
      },
    );
  }
}

function managedByConfig(kind: string, existing: Record<string, unknown>, verb: 'change' | 'delete') {
  return new HttpProblemError(
    409,
    'MANAGED_BY_CONFIG',
    `"${String(existing.name)}" (${kind}) comes from the configuration file: ${verb} it there and reload the ` +
      'configuration (SIGHUP or POST /api/config/reload)',
  );
}

/**
 * The document schema as the HTTP layer uses it. `default` keywords go: the parsers apply
 * defaults, and the stored document must be what the client sent (the configuration sync
 * compares documents; Ajv also refuses defaults inside anyOf). References into `$defs` (the
 * recursive child routes) become "any value": the resource pattern keeps only `properties`, and
 * the document's parser checks those parts, naming the field.
 */
function apiSchemaOf(schema: unknown, parentKey?: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => apiSchemaOf(item));
  if (typeof schema !== 'object' || schema === null) return schema;
  if ('$ref' in schema) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'default' || key === '$defs') && parentKey !== 'properties') continue;
    out[key] = apiSchemaOf(value, key);
  }
  return out;
}

/**
 * A union of object schemas (receivers: one per kind) as one object schema the resource pattern
 * can use: every field of every branch (a field the branches describe differently accepts any
 * value), required only what all branches require. The parser then checks the kind's own fields.
 */
function flattenUnion(schema: Record<string, unknown>): Partial<ObjectSchema> {
  const branches = (schema.oneOf ?? schema.anyOf) as Array<Partial<ObjectSchema>> | undefined;
  if (schema.properties || !branches) return schema as Partial<ObjectSchema>;
  const properties: Record<string, unknown> = {};
  for (const branch of branches) {
    for (const [field, fieldSchema] of Object.entries(branch.properties ?? {})) {
      const seen = properties[field];
      properties[field] =
        seen === undefined || JSON.stringify(seen) === JSON.stringify(fieldSchema) ? fieldSchema : {};
    }
  }
  const required = (branches[0]?.required ?? []).filter((f) =>
    branches.every((b) => b.required?.includes(f)),
  );
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}
