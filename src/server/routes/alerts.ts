import type { FastifyInstance } from 'fastify';
import {
  ALERT_CURSOR_PATTERN,
  type AlertService,
  type CompiledMatcher,
  parseMatcherText,
  SEVERITIES,
} from '../../alerts/index.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';

const ID = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;
const idParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;
const NAME = { type: 'string', minLength: 1, maxLength: 100 } as const;

interface ListQuery {
  state: 'active' | 'pending' | 'firing' | 'resolved' | 'all';
  severity?: (typeof SEVERITIES)[number];
  rule?: string;
  ruleId?: string;
  service?: string;
  match?: string[];
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** Active alerts, history, one alert's timeline, acknowledge / unacknowledge. */
export async function alertRoutes(app: FastifyInstance, { alerts }: { alerts: AlertService }): Promise<void> {
  app.get<{ Querystring: ListQuery }>(
    '/api/alerts',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, newest first: active ones by default, or the history (state=all|resolved)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: {
              type: 'string',
              enum: ['active', 'pending', 'firing', 'resolved', 'all'],
              default: 'active',
            },
            severity: { type: 'string', enum: [...SEVERITIES] },
            rule: NAME,
            ruleId: ID,
            service: NAME,
            match: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 1100 } },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            cursor: { type: 'string', pattern: ALERT_CURSOR_PATTERN },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await alerts.list({
        state: q.state,
        limit: q.limit,
        ...(q.severity ? { severity: q.severity } : {}),
        ...(q.rule ? { ruleName: q.rule } : {}),
        ...(q.ruleId ? { ruleId: q.ruleId } : {}),
        ...(q.service ? { service: q.service } : {}),
        ...(q.match ? { matchers: matchersOf(q.match) } : {}),
        ...(q.from ? { from: Date.parse(q.from) } : {}),
        ...(q.to ? { to: Date.parse(q.to) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return { alerts: page.items, next: page.next };
    },
  );

  app.get(
    '/api/alerts/summary',
    {
      config: { access: 'viewer' },
      schema: { tags: ['alerts'], summary: 'Counts of active alerts by state and severity' },
    },
    async () => ({ counts: await alerts.queries.summary() }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/alerts/:id',
    {
      config: { access: 'viewer' },
      schema: { tags: ['alerts'], summary: 'One alert and its timeline', params: idParams },
    },
    async (request) => {
      const alert = await alerts.queries.get(request.params.id);
      if (!alert) throw new HttpProblemError(404, 'NOT_FOUND', `Alert ${request.params.id} does not exist`);
      return { ...alert, timeline: await alerts.queries.timeline(alert.alertId) };
    },
  );

  // The body is optional: `POST /api/alerts/:id/ack` with none acknowledges without a comment.
  const ackBody = {
    type: ['object', 'null'],
    additionalProperties: false,
    properties: { comment: { type: 'string', maxLength: 1000 } },
  } as const;
  app.post<{ Params: { id: string }; Body: { comment?: string } | undefined }>(
    '/api/alerts/:id/ack',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an active alert (stops its escalation and repeats)',
        params: idParams,
        body: ackBody,
      },
    },
    async (request) => alerts.acknowledge(request.params.id, actorOf(request), request.body?.comment),
  );

  app.post<{ Params: { id: string } }>(
    '/api/alerts/:id/unack',
    {
      config: { access: 'operator' },
      schema: { tags: ['alerts'], summary: 'Withdraw an acknowledgement', params: idParams },
    },
    async (request) => alerts.unacknowledge(request.params.id, actorOf(request)),
  );
}

function actorOf(request: Parameters<typeof requestMetadata>[0]): string {
  return String(requestMetadata(request).actor ?? 'unknown');
}

/** Label matchers from the query (`match=service="api"`), each checked, naming the bad one. */
export function matchersOf(texts: ReadonlyArray<string>): CompiledMatcher[] {
  return texts.map((text, index) => {
    const parsed = parseMatcherText(text);
    if (!parsed.ok) {
      throw new HttpProblemError(
        400,
        'VALIDATION_FAILED',
        `Invalid request: querystring.match[${index}] ${parsed.message}`,
        {
          errors: [{ field: `querystring.match[${index}]`, message: parsed.message }],
        },
      );
    }
    return parsed.matcher;
  });
}
