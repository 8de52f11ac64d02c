import type { FastifyInstance } from 'fastify';
import type {
  EventStore,
  EventToAppend,
  ExpectedVersion,
  LogFilter,
  RecordedEvent,
} from '../../events/index.js';
import { principalOf } from '../access.js';
import { HttpProblemError } from '../problem.js';
import { requestMetadata } from '../request-metadata.js';

const recordedEvent = {
  type: 'object',
  properties: {
    position: { type: 'integer' },
    streamId: { type: 'string' },
    streamVersion: { type: 'integer' },
    id: { type: 'string' },
    type: { type: 'string' },
    time: { type: 'string', format: 'date-time' },
    data: {},
    metadata: { type: 'object', additionalProperties: true },
  },
} as const;

const page = {
  type: 'object',
  properties: { events: { type: 'array', items: recordedEvent }, next: { type: ['string', 'null'] } },
} as const;

interface LogQuery {
  after?: string;
  limit: number;
  type?: string[];
  streamPrefix?: string[];
  since?: string;
  until?: string;
  correlationId?: string;
}

/** The cursor of the page after `event`: its position, plus the transaction id on PostgreSQL. */
function cursorAfter(event: RecordedEvent): string {
  return event.transactionId === undefined
    ? String(event.position)
    : `${event.transactionId}.${event.position}`;
}

function parseCursor(cursor: string | undefined): { position: number; transactionId?: string } {
  if (cursor === undefined) return { position: 0 };
  const match = /^(?:(\d{1,20})\.)?(\d{1,16})$/.exec(cursor);
  if (!match)
    throw new HttpProblemError(
      400,
      'VALIDATION_FAILED',
      `after must be a cursor from a previous page, got "${cursor.slice(0, 40)}"`,
    );
  return match[1] ? { position: Number(match[2]), transactionId: match[1] } : { position: Number(match[2]) };
}

function toJson(event: RecordedEvent) {
  const { transactionId: _ignored, ...rest } = event;
  return { ...rest, time: event.time.toISOString() };
}

/** Read the global log and streams (viewer); append to a stream (admin, audited by the event itself). */
export async function eventRoutes(app: FastifyInstance, { store }: { store: EventStore }): Promise<void> {
  app.get<{ Querystring: LogQuery }>(
    '/api/events',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Read the global log, page by page, with filters',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: { type: 'string', maxLength: 40, description: 'cursor from the previous page' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            type: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 }, maxItems: 20 },
            streamPrefix: {
              type: 'array',
              items: { type: 'string', minLength: 1, maxLength: 512 },
              maxItems: 20,
            },
            since: { type: 'string', format: 'date-time' },
            until: { type: 'string', format: 'date-time' },
            correlationId: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              description: "events whose metadata.correlationId is exactly this (an alert's chain: its id)",
            },
          },
        },
        response: { 200: page },
      },
    },
    async (request) => {
      const q = request.query;
      const filter: LogFilter = {};
      if (q.type?.length) filter.typePrefixes = q.type;
      if (q.streamPrefix?.length) filter.streamPrefixes = q.streamPrefix;
      if (q.since) filter.fromTime = new Date(q.since);
      if (q.until) filter.toTime = new Date(q.until);
      if (q.correlationId) filter.correlationId = q.correlationId;
      const events = await store.readAllPage(parseCursor(q.after), q.limit, filter);
      const last = events[events.length - 1];
      return {
        events: events.map(toJson),
        next: events.length === q.limit && last ? cursorAfter(last) : null,
      };
    },
  );

  app.get<{
    Params: { streamId: string };
    Querystring: { fromVersion?: number; limit: number; direction: 'forward' | 'backward' };
  }>(
    '/api/streams/:streamId/events',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Read one stream',
        params: {
          type: 'object',
          required: ['streamId'],
          properties: { streamId: { type: 'string', minLength: 1, maxLength: 512 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            fromVersion: { type: 'integer', minimum: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            direction: { type: 'string', enum: ['forward', 'backward'], default: 'forward' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { events: { type: 'array', items: recordedEvent }, version: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const { streamId } = request.params;
      const { fromVersion, limit, direction } = request.query;
      const events = await store.readStream(streamId, { fromVersion, maxCount: limit, direction });
      return { events: events.map(toJson), version: await store.streamVersion(streamId) };
    },
  );

  app.post<{
    Params: { streamId: string };
    Body: { events: EventToAppend[]; expectedVersion?: ExpectedVersion };
  }>(
    '/api/streams/:streamId/events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['events'],
        summary: 'Append events to a stream (admin); the actor is recorded in their metadata',
        params: {
          type: 'object',
          required: ['streamId'],
          properties: { streamId: { type: 'string', minLength: 1, maxLength: 512 } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['events'],
          properties: {
            expectedVersion: {
              anyOf: [
                { type: 'string', enum: ['any', 'no-stream', 'exists'] },
                { type: 'integer', minimum: 0 },
              ],
            },
            events: {
              type: 'array',
              minItems: 1,
              maxItems: 1000,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['type', 'data'],
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  type: { type: 'string', minLength: 1, maxLength: 255 },
                  data: {},
                  metadata: { type: 'object' },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const metadata = requestMetadata(request);
      const events = request.body.events.map((e) => ({
        ...e,
        metadata: { ...e.metadata, ...metadata, actor: principal.actor },
      }));
      const result = await store.appendToStream(request.params.streamId, events, {
        expectedVersion: request.body.expectedVersion ?? 'any',
      });
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );
}
