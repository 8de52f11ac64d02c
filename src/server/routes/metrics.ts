import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProjectionNotReadyError } from '../../events/index.js';
import { type Clock, ShuttingDownError } from '../../kernel/index.js';
import {
  DEFAULT_PUSH_LIMITS,
  METRIC_AGGREGATES,
  type MetricAggregate,
  MetricQueryError,
  type MetricsService,
  parseLabelMatchers,
  validatePushedSamples,
} from '../../monitor/index.js';
import { HttpProblemError, sendProblem, toProblem } from '../problem.js';

export interface MetricsRouteOptions {
  metrics: MetricsService;
  clock: Clock;
  /** Most samples in one push (413 beyond). Default 5,000. */
  maxSamplesPerPush?: number;
}

const LABELS = {
  type: 'array',
  items: { type: 'string', maxLength: 500 },
  description: 'label matcher key=value (repeatable): only series with that label value',
} as const;
const NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'metric name, e.g. cpu_percent',
} as const;
const HOUR_MS = 3_600_000;

/**
 * Pushed metrics and metric queries: `POST /api/metrics` takes samples as JSON (bad samples are
 * rejected one by one, with reasons, and the good ones kept), `GET /api/metrics/series` lists series
 * and `GET /api/metrics/query` returns points per step merged from one-minute rollups.
 */
export async function metricSampleRoutes(app: FastifyInstance, options: MetricsRouteOptions): Promise<void> {
  const { metrics, clock } = options;
  const maxSamples = options.maxSamplesPerPush ?? DEFAULT_PUSH_LIMITS.maxSamples;

  app.post(
    '/api/metrics',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['metrics'],
        summary: 'Push samples: {"samples":[{"name","value","labels"?,"timestamp"?}]}',
        description:
          'Malformed samples are rejected one by one, with their index and the reason, and the others are kept. ' +
          'Answers once the kept samples are durable. 400 when none could be kept, 413 above the per-push limit.',
        // Deliberately loose: each sample is checked by validatePushedSamples, so one bad sample
        // never fails the whole body.
        body: {
          type: 'object',
          properties: {
            samples: {
              description: `up to ${maxSamples} samples; timestamp is ISO 8601 with a zone or epoch ms (default now)`,
            },
          },
        },
      },
    },
    async (request, reply) => {
      const validation = validatePushedSamples(request.body, clock.now(), { maxSamples });
      if (validation.error?.code === 'too_many_samples') {
        throw new HttpProblemError(413, 'TOO_MANY_SAMPLES', validation.error.message);
      }
      if (validation.error) {
        throw new HttpProblemError(400, 'VALIDATION_FAILED', validation.error.message, {
          errors: [{ field: 'body.samples', message: validation.error.message }],
        });
      }
      const { accepted, rejected } = validation;
      if (accepted.length === 0 && rejected.length > 0) {
        return sendRejection(request, reply, rejected);
      }
      try {
        await metrics.record(accepted, { type: 'push', actorId: request.principal?.id });
      } catch (error) {
        if (error instanceof ShuttingDownError) throw error;
        request.log.error({ err: error }, 'pushed samples could not be stored');
        throw new HttpProblemError(503, 'UNAVAILABLE', 'The samples could not be stored; try again', {
          retryAfterMs: 1000,
        });
      }
      return { accepted: accepted.length, rejected };
    },
  );

  app.get<{ Querystring: { name?: string; label?: string[]; after?: string; limit: number } }>(
    '/api/metrics/series',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['metrics'],
        summary: 'Metric series (name and labels) with their last value, filtered and paged',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: NAME,
            label: LABELS,
            after: { type: 'string', maxLength: 4000, description: 'the `next` cursor of the previous page' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
      },
    },
    async (request) =>
      answer(() =>
        metrics.queries.listSeries({
          name: request.query.name,
          matchers: parseLabelMatchers(request.query.label ?? []),
          after: request.query.after,
          limit: request.query.limit,
        }),
      ),
  );

  type PointsQuerystring = {
    name: string;
    label?: string[];
    from?: string;
    to?: string;
    stepMinutes: number;
    aggregate: MetricAggregate;
  };
  app.get<{ Querystring: PointsQuerystring }>(
    '/api/metrics/query',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['metrics'],
        summary:
          'Points of a metric per series and step, merged from one-minute rollups; default the last hour',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: NAME,
            label: LABELS,
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            stepMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 1 },
            aggregate: { type: 'string', enum: [...METRIC_AGGREGATES], default: 'mean' },
          },
        },
      },
    },
    async (request) => {
      const { query } = request;
      const to = query.to ? Date.parse(query.to) : clock.now();
      const from = query.from ? Date.parse(query.from) : to - HOUR_MS;
      return answer(() =>
        metrics.queries.points({
          name: query.name,
          matchers: parseLabelMatchers(query.label ?? []),
          from,
          to,
          stepMinutes: query.stepMinutes,
          aggregate: query.aggregate,
        }),
      );
    },
  );
}

/** Runs a query, turning its errors into problems: a bad parameter is a 400 naming it. */
async function answer<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof MetricQueryError) {
      throw new HttpProblemError(400, error.code, error.message, {
        errors: [{ field: `querystring.${error.field}`, message: error.message }],
      });
    }
    if (error instanceof ProjectionNotReadyError) {
      throw new HttpProblemError(503, 'UNAVAILABLE', error.message, { retryAfterMs: 2000 });
    }
    throw error;
  }
}

/** 400 problem+json listing every rejected sample (`rejected`, and as `errors` by field). */
function sendRejection(
  request: FastifyRequest,
  reply: FastifyReply,
  rejected: ReadonlyArray<{ index: number; reason: string }>,
): FastifyReply {
  const error = new HttpProblemError(
    400,
    'VALIDATION_FAILED',
    `None of the ${rejected.length} samples could be kept: ${rejected[0]?.reason ?? ''}${rejected.length > 1 ? ' …' : ''}`,
    { errors: rejected.map((r) => ({ field: `body.samples[${r.index}]`, message: r.reason })) },
  );
  return sendProblem(reply, { ...toProblem(error, request), rejected } as ReturnType<typeof toProblem>);
}
