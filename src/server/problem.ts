import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigiaError } from '../kernel/index.js';

/** An RFC 9457 problem document, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable error code (the same codes the CLI and the library use). */
  code: string;
  /** For validation problems: which fields were wrong and why. */
  errors?: Array<{ field: string; message: string }>;
}

/** An error that maps to an HTTP status; route code throws it, the handler renders it. */
export class HttpProblemError extends VigiaError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details });
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_EVENT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  WRONG_EXPECTED_VERSION: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
  STORE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function problem(status: number, code: string, detail: string | undefined, request: FastifyRequest): Problem {
  const body: Problem = {
    type: `urn:vigia:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    instance: request.url.split('?')[0],
  };
  if (detail) body.detail = detail;
  return body;
}

/** Turns any thrown error into a problem; unknown errors become a bare 500 (details stay in the log). */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof HttpProblemError) {
    const body = problem(error.status, error.code, error.message, request);
    const errors = error.details.errors;
    if (Array.isArray(errors)) body.errors = errors as Problem['errors'];
    return body;
  }
  if (error instanceof VigiaError) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return status === 500
      ? problem(500, 'INTERNAL', undefined, request)
      : problem(status, error.code, error.message, request);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError?.validation) {
    const errors = fastifyError.validation.map((issue) => {
      const missing = (issue.params as { missingProperty?: string } | undefined)?.missingProperty;
      const extra = (issue.params as { additionalProperty?: string } | undefined)?.additionalProperty;
      const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const field = [fastifyError.validationContext, base, missing ?? extra].filter(Boolean).join('.');
      return {
        field: field || String(fastifyError.validationContext ?? 'request'),
        message: extra ? `unknown field "${extra}"` : (issue.message ?? 'is invalid'),
      };
    });
    const body = problem(
      400,
      'VALIDATION_FAILED',
      `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      request,
    );
    body.errors = errors;
    return body;
  }
  const status = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    return problem(status, fastifyError.code ?? 'BAD_REQUEST', fastifyError.message, request);
  }
  return problem(500, 'INTERNAL', undefined, request);
}

/** Sends `body` as application/problem+json. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Every error and unknown route answers with problem+json; no stack or internal message reaches a client. */
export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error, request);
    const retryAfterMs = (error as { details?: { retryAfterMs?: unknown } }).details?.retryAfterMs;
    if ((body.status === 429 || body.status === 503) && typeof retryAfterMs === 'number') {
      reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`, request),
    ),
  );
}
