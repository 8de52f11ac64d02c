import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import {
  catchUpSubscription,
  type EventStore,
  LOG_START,
  type LogCheckpoint,
  type LogFilter,
  type RecordedEvent,
} from '../../events/index.js';
import { HttpProblemError } from '../problem.js';

export interface StreamRouteOptions {
  store: EventStore;
  /** Interval between keep-alive comments, in ms. Default 15 s. */
  keepAliveMs?: number;
  /** Bytes queued for one client beyond which it is disconnected. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** How long a client may take to drain its queue before it is disconnected, in ms. Default 10 s. */
  drainTimeoutMs?: number;
}

interface StreamQuery {
  type?: string[];
  streamPrefix?: string[];
  correlationId?: string;
  lastEventId?: string;
  from: 'end' | 'start';
}

interface StreamLimits {
  keepAliveMs: number;
  maxBufferedBytes: number;
  drainTimeoutMs: number;
}

const TOO_SLOW = 'client too slow';

/** The SSE id of an event: the same cursor `/api/events` hands out as `next`. */
function eventIdOf(event: RecordedEvent): string {
  return event.transactionId === undefined
    ? String(event.position)
    : `${event.transactionId}.${event.position}`;
}

function parseEventId(value: string): LogCheckpoint {
  const match = /^(?:(\d{1,20})\.)?(\d{1,16})$/.exec(value);
  const position = match ? Number(match[2]) : Number.NaN;
  if (!match || !Number.isSafeInteger(position)) {
    throw new HttpProblemError(
      400,
      'VALIDATION_FAILED',
      `Last-Event-ID must be the id of an event this stream sent, got "${value.slice(0, 40)}"`,
    );
  }
  return match[1] ? { position, transactionId: match[1] } : { position };
}

/** The header wins over the query parameter: a browser's reconnect sends the newer id there. */
function lastEventIdOf(header: string | string[] | undefined, query: string | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header) ?? query;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function messageOf(event: RecordedEvent): string {
  const { transactionId: _ignored, ...rest } = event;
  const data = JSON.stringify({ ...rest, time: event.time.toISOString() });
  return `id: ${eventIdOf(event)}\nevent: ${event.type}\ndata: ${data}\n\n`;
}

type DrainOutcome = 'drained' | 'timed-out' | 'stopped';

/**
 * Streams the log to one client: one subscription, one keep-alive timer, and a bounded queue.
 * Returns `end`, which stops everything and ends the response (idempotent).
 */
function serveStream(
  raw: ServerResponse,
  store: EventStore,
  subscription: { after: LogCheckpoint; filter?: LogFilter },
  limits: StreamLimits,
  log: FastifyBaseLogger,
  onStopped: () => void,
): (reason?: string) => void {
  const controller = new AbortController();
  const { signal } = controller;
  let graceTimer: NodeJS.Timeout | undefined;

  const keepAlive = setInterval(() => {
    // Queued data already keeps the connection busy; a stuck client is the drain rule's job.
    if (!raw.writableEnded && raw.writableLength === 0) raw.write(': keep-alive\n\n');
  }, limits.keepAliveMs);
  keepAlive.unref();

  const stop = () => {
    if (signal.aborted) return;
    controller.abort();
    clearInterval(keepAlive);
    onStopped();
  };

  const end = (reason?: string) => {
    stop();
    if (raw.writableEnded || raw.destroyed) return;
    if (reason) raw.write(`event: error\ndata: ${JSON.stringify({ reason })}\n\n`);
    raw.end();
    if (raw.writableFinished) return;
    // A client that stopped reading cannot take even the end: do not keep its queue in memory.
    graceTimer = setTimeout(() => raw.destroy(), limits.drainTimeoutMs);
    graceTimer.unref();
  };

  raw.on('close', () => {
    clearTimeout(graceTimer);
    stop();
  });

  const drained = () =>
    new Promise<DrainOutcome>((resolve) => {
      const settle = (outcome: DrainOutcome) => {
        clearTimeout(timer);
        raw.off('drain', onDrain);
        raw.off('close', onStop);
        signal.removeEventListener('abort', onStop);
        resolve(outcome);
      };
      const onDrain = () => settle('drained');
      const onStop = () => settle('stopped');
      const timer = setTimeout(() => settle('timed-out'), limits.drainTimeoutMs);
      raw.once('drain', onDrain);
      raw.once('close', onStop);
      signal.addEventListener('abort', onStop, { once: true });
    });

  const tooSlow = () => {
    log.warn({ buffered: raw.writableLength }, 'live stream client too slow; disconnected');
    end(TOO_SLOW);
  };

  const pump = async () => {
    try {
      for await (const event of catchUpSubscription(store, { ...subscription, signal })) {
        if (signal.aborted) return;
        // Writes pause at the socket's high-water mark, so this is a backstop for the queue's bound.
        if (raw.writableLength > limits.maxBufferedBytes) return tooSlow();
        if (raw.write(messageOf(event))) continue;
        const outcome = await drained();
        if (outcome === 'timed-out') return tooSlow();
        if (outcome === 'stopped') return;
      }
    } catch (error) {
      if (signal.aborted) return;
      log.error({ err: error }, 'live stream failed');
      end('internal error');
    }
  };
  void pump();
  return end;
}

/** `GET /api/stream`: the global log as Server-Sent Events, live, resumable with Last-Event-ID (viewer). */
export async function streamRoutes(app: FastifyInstance, options: StreamRouteOptions): Promise<void> {
  const { store } = options;
  const limits: StreamLimits = {
    keepAliveMs: options.keepAliveMs ?? 15_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
  };
  const open = new Set<(reason?: string) => void>();

  // Open streams would hold the HTTP server open: end them before it waits for connections.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get<{ Querystring: StreamQuery; Headers: { 'last-event-id'?: string } }>(
    '/api/stream',
    {
      config: { access: 'viewer' },
      // A HEAD would open a stream with no body that never ends.
      exposeHeadRoute: false,
      schema: {
        tags: ['events'],
        summary: 'Live events as Server-Sent Events; resume with Last-Event-ID',
        description:
          'Each message has `id` (the log cursor), `event` (the event type) and `data` (the event as ' +
          '/api/events returns it). A keep-alive comment is sent every 15 s. A client that does not ' +
          `read for 10 s is sent \`event: error\` with reason "${TOO_SLOW}" and disconnected.`,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            type: {
              type: 'array',
              items: { type: 'string', minLength: 1, maxLength: 255 },
              maxItems: 20,
              description: 'event type prefixes',
            },
            streamPrefix: {
              type: 'array',
              items: { type: 'string', minLength: 1, maxLength: 512 },
              maxItems: 20,
              description: 'stream id prefixes',
            },
            correlationId: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              description: "events whose metadata.correlationId is exactly this (an alert's chain: its id)",
            },
            lastEventId: {
              type: 'string',
              maxLength: 40,
              description: 'resume after this event id (for clients that cannot send Last-Event-ID)',
            },
            from: {
              type: 'string',
              enum: ['end', 'start'],
              default: 'end',
              description: 'without a last event id: only new events (end) or the whole log (start)',
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter: LogFilter = {};
      if (q.type?.length) filter.typePrefixes = q.type;
      if (q.streamPrefix?.length) filter.streamPrefixes = q.streamPrefix;
      if (q.correlationId) filter.correlationId = q.correlationId;
      const lastEventId = lastEventIdOf(request.headers['last-event-id'], q.lastEventId);
      // Resolved before the headers go out: an event appended after they arrive is never missed.
      const after =
        lastEventId !== undefined
          ? parseEventId(lastEventId)
          : q.from === 'start'
            ? LOG_START
            : await store.endCheckpoint();

      // Headers hooks set on the reply (trace context …) would be lost with the hijack: carry them.
      const carried = Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined);
      reply.hijack();
      const raw = reply.raw;
      // Hijacked replies skip onSend, so the security headers it adds are set here.
      raw.writeHead(200, {
        ...Object.fromEntries(carried),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      raw.flushHeaders();
      // The client may have left while the start was resolved; its close event has then passed.
      if (raw.destroyed || request.raw.destroyed) return;
      const subscription = Object.keys(filter).length > 0 ? { after, filter } : { after };
      const end = serveStream(raw, store, subscription, limits, request.log, () => open.delete(end));
      open.add(end);
      request.raw.on('close', () => {
        // The request side closing early means the client went away.
        if (!raw.writableFinished) end();
      });
    },
  );
}
