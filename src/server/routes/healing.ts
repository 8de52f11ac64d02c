import type { FastifyInstance } from 'fastify';
import { type EventStore, ProjectionNotReadyError } from '../../events/index.js';
import {
  ApprovalError,
  answerApproval,
  changeMarkerJsonSchema,
  HealingEvents,
  type HealingQueries,
  parseChangeMarker,
  pendingApproval,
  REMEDIATION_CURSOR_PATTERN,
  REMEDIATION_PHASES,
  type RemediationPhase,
  type RemediationView,
  remediationStream,
} from '../../healing/index.js';
import { type Clock, newId } from '../../kernel/index.js';
import { principalOf } from '../access.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';

const ID = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;
const alertParams = { type: 'object', required: ['alertId'], properties: { alertId: ID } } as const;
const answerBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { comment: { type: 'string', maxLength: 1000 } },
} as const;

const NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;

interface RemediationListQuery {
  status?: RemediationPhase;
  target?: string;
  rule?: string;
  limit: number;
  cursor?: string;
}

/** Stream of the change markers users push (deploys, configuration changes). */
export const CHANGES_STREAM = 'healing-changes';

/** A remediation's chain (diagnosis, plan, actions, verification), approvals, and change markers. */
export async function healingRoutes(
  app: FastifyInstance,
  { store, clock, queries }: { store: EventStore; clock: Clock; queries?: HealingQueries },
) {
  app.get<{ Params: { alertId: string } }>(
    '/api/remediations/:alertId',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['healing'],
        summary: "An alert's diagnosis and remediation, event by event, and the approval it waits for",
        params: alertParams,
      },
    },
    async (request) => {
      const { alertId } = request.params;
      const events = await store.readStream(remediationStream(alertId));
      if (events.length === 0)
        throw new HttpProblemError(404, 'NOT_FOUND', `No diagnosis or remediation for alert ${alertId}`);
      return {
        alertId,
        remediation: await remediationOf(queries, alertId),
        pendingApproval: (await pendingApproval(store, alertId, clock.now())) ?? null,
        events: events.map((e) => ({
          type: e.type,
          at: e.time.toISOString(),
          actor: e.metadata.actor ?? null,
          data: e.data,
        })),
      };
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post<{ Params: { alertId: string }; Body: { comment?: string } | null }>(
      `/api/remediations/:alertId/${decision}`,
      {
        config: { access: 'operator' },
        schema: {
          tags: ['healing'],
          summary: `${decision === 'approve' ? 'Approve' : 'Reject'} the step a remediation waits on (named approvers only)`,
          params: alertParams,
          body: answerBody,
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const name = principal.kind === 'session' ? principal.name : principal.actor.replace(/^token:/, '');
        try {
          const pending = await answerApproval(
            store,
            request.params.alertId,
            { actor: principal.actor, name, role: principal.role },
            decision,
            clock.now(),
            request.body?.comment,
          );
          return { alertId: request.params.alertId, step: pending.step, decision };
        } catch (error) {
          if (error instanceof ApprovalError) {
            const status = error.code === 'NOT_FOUND' ? 404 : error.code === 'FORBIDDEN' ? 403 : 409;
            throw new HttpProblemError(status, error.code, error.message);
          }
          throw error;
        }
      },
    );
  }

  app.post<{ Body: unknown }>(
    '/api/changes',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['healing'],
        summary: 'Record a deploy or configuration change (diagnosis weighs it as a cause)',
        body: changeMarkerJsonSchema(),
      },
    },
    async (request, reply) => {
      const changeId = newId();
      const parsed = parseChangeMarker(request.body, clock.now(), changeId);
      if (!parsed.ok) {
        const summary = parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ');
        throw new HttpProblemError(400, 'VALIDATION_FAILED', `Invalid change: ${summary}`, {
          errors: parsed.errors.map((e) => ({ field: `body.${e.field}`, message: e.message })),
        });
      }
      await store.appendToStream(CHANGES_STREAM, [
        { type: HealingEvents.changeRecorded, data: parsed.value, metadata: requestMetadata(request) },
      ]);
      return reply.code(201).send(parsed.value);
    },
  );
}

/**
 * Remediations (newest first) and how each step of each rule did, from the healing read model.
 * Served with healing turned off too (`vigia up` then runs the read model alone, so history stays
 * readable); a server without the read model answers 503 UNAVAILABLE saying so.
 */
export async function remediationHistoryRoutes(
  app: FastifyInstance,
  { queries }: { queries?: HealingQueries },
) {
  app.get<{ Querystring: RemediationListQuery }>(
    '/api/remediations',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['healing'],
        summary: 'Remediations, newest first, with where each stands and what each step did',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...REMEDIATION_PHASES] },
            target: NAME,
            rule: NAME,
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            cursor: { type: 'string', pattern: REMEDIATION_CURSOR_PATTERN },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await read(queries, (h) =>
        h.list({
          limit: q.limit,
          ...(q.status ? { status: q.status } : {}),
          ...(q.target ? { target: q.target } : {}),
          ...(q.rule ? { ruleName: q.rule } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        }),
      );
      return { remediations: page.items, next: page.next };
    },
  );

  app.get<{ Querystring: { rule?: string } }>(
    '/api/healing/stats',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['healing'],
        summary: 'Per alert rule and runbook step: attempts, successes, success rate, median time to heal',
        querystring: { type: 'object', additionalProperties: false, properties: { rule: NAME } },
      },
    },
    async (request) => {
      const rule = request.query.rule;
      return { stats: await read(queries, (h) => h.stats(rule ? { ruleName: rule } : {})) };
    },
  );
}

/** Runs a read-model query; no read model, or one still being built, is a 503 that says so. */
async function read<T>(queries: HealingQueries | undefined, query: (h: HealingQueries) => Promise<T>) {
  if (!queries) {
    throw new HttpProblemError(
      503,
      'UNAVAILABLE',
      'Remediation history is not available: this server runs no healing read model',
    );
  }
  try {
    return await query(queries);
  } catch (error) {
    if (error instanceof ProjectionNotReadyError) {
      throw new HttpProblemError(503, 'UNAVAILABLE', error.message, { retryAfterMs: 2000 });
    }
    throw error;
  }
}

/** The remediation's row, when the read model runs and has it (the events answer either way). */
async function remediationOf(
  queries: HealingQueries | undefined,
  alertId: string,
): Promise<RemediationView | null> {
  try {
    return (await queries?.get(alertId)) ?? null;
  } catch (error) {
    if (error instanceof ProjectionNotReadyError) return null;
    throw error;
  }
}
