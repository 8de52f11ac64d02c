import type { FastifyInstance } from 'fastify';
import {
  type AlertService,
  backtestFromLog,
  compileAlertRule,
  documentBody,
  parseAlertRule,
  parseDuration,
} from '../../alerts/index.js';
import type { EventStore } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore } from '../resources/resource-store.js';

const ID = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;
const idParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;

export interface AlertDefinitionRouteOptions {
  alerts: AlertService;
  store: EventStore;
  resources: ResourceStore;
  rules: ResourceDefinition;
  silences: ResourceDefinition;
  clock: Clock;
}

interface TestBody {
  rule?: Record<string, unknown>;
  ruleId?: string;
  from: string;
  to?: string;
  step?: string;
}

/** What goes beyond create/read/replace/delete: rule bands and dry runs, expiring silences. */
export async function alertDefinitionRoutes(app: FastifyInstance, options: AlertDefinitionRouteOptions) {
  const { alerts, store, resources, rules, silences, clock } = options;

  app.get<{ Params: { id: string } }>(
    '/api/alert-rules/:id/band',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['alert-rules'],
        summary: "A dynamic rule's learned band per series: median, lower and upper bounds (k × MAD)",
        params: idParams,
      },
    },
    async (request) => {
      const rule = await resources.get(rules, request.params.id);
      if (!rule)
        throw new HttpProblemError(404, 'NOT_FOUND', `Alert rule ${request.params.id} does not exist`);
      return { ruleId: rule.id, name: rule.doc.name, series: alerts.band(rule.id) };
    },
  );

  app.post<{ Body: TestBody }>(
    '/api/alert-rules/test',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['alert-rules'],
        summary:
          'Dry run: evaluate a rule (stored, or given) over recorded history and say when it would have fired',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['from'],
          properties: {
            rule: { type: 'object', additionalProperties: true },
            ruleId: ID,
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            step: { type: 'string', maxLength: 20 },
          },
        },
      },
    },
    async (request) => {
      const body = request.body;
      if ((body.rule === undefined) === (body.ruleId === undefined)) {
        throw bad('body', 'give exactly one of "rule" (a rule document) or "ruleId" (a stored rule)');
      }
      let doc: unknown = body.rule;
      let id = 'dry-run';
      if (body.ruleId) {
        const stored = await resources.get(rules, body.ruleId);
        if (!stored) throw new HttpProblemError(404, 'NOT_FOUND', `Alert rule ${body.ruleId} does not exist`);
        doc = documentBody(stored.doc);
        id = stored.id;
      }
      const parsed = parseAlertRule(doc);
      if (!parsed.ok) {
        const summary = parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ');
        throw new HttpProblemError(400, 'VALIDATION_FAILED', `Invalid rule: ${summary}`, {
          errors: parsed.errors.map((e) => ({ field: `body.rule.${e.field}`, message: e.message })),
        });
      }
      const stepMs = body.step === undefined ? undefined : parseDuration(body.step);
      if (stepMs !== undefined && stepMs < 1000) throw bad('body.step', 'must be a duration of at least 1s');
      if (body.step !== undefined && stepMs === undefined)
        throw bad('body.step', 'must be a duration such as 15s');
      const rule = compileAlertRule(id, parsed.value);
      const result = await backtestFromLog(
        store,
        { ...rule, enabled: true },
        {
          fromMs: Date.parse(body.from),
          toMs: body.to ? Date.parse(body.to) : clock.now(),
          ...(stepMs === undefined ? {} : { stepMs }),
        },
      );
      return {
        rule: parsed.value.name,
        from: new Date(result.fromMs).toISOString(),
        to: new Date(result.toMs).toISOString(),
        samples: result.samples,
        series: result.seriesCount,
        fired: result.firedCount,
        truncated: result.truncated,
        transitions: result.transitions.map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/silences/:id/expire',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['silences'],
        summary: 'End a silence now (it stays in the history)',
        params: idParams,
      },
    },
    async (request) => {
      const silence = await resources.get(silences, request.params.id);
      if (!silence)
        throw new HttpProblemError(404, 'NOT_FOUND', `Silence ${request.params.id} does not exist`);
      const now = clock.now();
      if (Date.parse(String(silence.doc.endsAt)) <= now) {
        throw new HttpProblemError(409, 'CONFLICT', `Silence ${silence.id} has ended already`);
      }
      const startsAt = Math.min(Date.parse(String(silence.doc.startsAt)), now - 1000);
      const doc = {
        ...silence.doc,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(now).toISOString(),
      };
      const view = await resources.replace(
        silences,
        silence.id,
        doc,
        silence.version,
        requestMetadata(request),
      );
      return {
        ...view.doc,
        id: view.id,
        version: view.version,
        createdAt: view.createdAt,
        updatedAt: view.updatedAt,
      };
    },
  );
}

function bad(field: string, message: string): HttpProblemError {
  return new HttpProblemError(400, 'VALIDATION_FAILED', `Invalid request: ${field} ${message}`, {
    errors: [{ field, message }],
  });
}
