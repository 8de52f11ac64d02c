import type { IncomingMessage } from 'node:http';
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { runWithContext, type WorkContext } from '../../kernel/index.js';
import { formatTraceparent, type RequestTrace, traceFromHeader } from './traceparent.js';

// Keyed by the raw request: Fastify asks for the request id (genReqId) before its request exists.
const traces = new WeakMap<IncomingMessage, RequestTrace>();

/** The W3C trace of a request (started when the request arrived). */
export function traceOf(request: FastifyRequest): RequestTrace {
  let trace = traces.get(request.raw);
  if (!trace) {
    trace = traceFromHeader(request.headers.traceparent);
    traces.set(request.raw, trace);
  }
  return trace;
}

function contextOf(request: FastifyRequest): WorkContext {
  return { traceId: traceOf(request).traceId, correlationId: request.id };
}

/**
 * One access line per request, written when it completes (method, URL, client, status, time),
 * instead of Fastify's two; the "incoming request" line is kept at debug level. Lines are
 * written inside the request's context, so the kernel logger stamps them with its traceId and
 * correlationId, the same way as every line a handler logs.
 */
class TracedLogController extends LogController {
  override incomingRequest(request: FastifyRequest, _reply: FastifyReply) {
    if (request.log.level === 'debug' || request.log.level === 'trace') {
      runWithContext(contextOf(request), () => request.log.debug({ req: request }, 'incoming request'));
    }
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    runWithContext(contextOf(request), () => {
      // Fastify's serializers turn these into { method, url, host, remoteAddress, remotePort } and { statusCode }.
      const line = { req: request, res: reply, responseTime: reply.elapsedTime };
      if (error) reply.log.error({ ...line, err: error }, 'request errored');
      else reply.log.info(line, 'request completed');
    });
  }

  override defaultErrorLog(
    error: Error,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ) {
    runWithContext(contextOf(request), () => super.defaultErrorLog(error, request, reply, metadata));
  }

  override routeNotFound(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>) {
    runWithContext(contextOf(request), () => super.routeNotFound(request, reply, metadata));
  }

  override streamError(
    error: Error,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ) {
    runWithContext(contextOf(request), () => super.streamError(error, request, reply, metadata));
  }
}

/**
 * Fastify options for W3C trace context: each request continues the caller's trace (a valid
 * `traceparent` header) or starts a new one, and its id is the server's span id in that trace.
 */
export function traceContextOptions(): {
  genReqId: (raw: IncomingMessage) => string;
  logController: LogController;
} {
  return {
    genReqId: (raw) => {
      const trace = traceFromHeader(raw.headers.traceparent);
      traces.set(raw, trace);
      return trace.spanId;
    },
    logController: new TracedLogController(),
  };
}

/**
 * Runs every request inside `runWithContext({ traceId, correlationId })`, so its log lines and
 * the events it appends carry the trace, and answers with the server's `traceparent`. Register
 * before access control, so that audit events of refused requests carry the trace too.
 */
export function registerTraceContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('traceparent', formatTraceparent(traceOf(request)));
    runWithContext(contextOf(request), done);
  });
  // The body may arrive in the socket's async context rather than the request's: enter the
  // request's context again once it is read, so the handler never depends on how it arrived.
  app.addHook('preValidation', (request, _reply, done) => {
    runWithContext(contextOf(request), done);
  });
}
