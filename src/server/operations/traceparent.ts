import { randomFillSync } from 'node:crypto';

/** The W3C Trace Context of one request: its trace, the server's own span, and the trace flags. */
export interface RequestTrace {
  traceId: string;
  /** The server's span for this request (also the request id). */
  spanId: string;
  /** The caller's span, when the request carried a valid `traceparent`. */
  parentSpanId?: string;
  flags: string;
}

/** version 00: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`, lower-case hex only. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
/** Flags of a trace the server starts: sampled, since the trace id is recorded in logs and events. */
const SAMPLED = '01';

/**
 * Parses a `traceparent` header; undefined when absent or invalid (wrong format, all-zero ids,
 * or sent more than once), in which case the server starts a new trace as the spec says.
 */
export function parseTraceparent(
  header: string | string[] | undefined,
): { traceId: string; parentSpanId: string; flags: string } | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header);
  if (!match || match[1] === ZERO_TRACE || match[2] === ZERO_SPAN) return undefined;
  return { traceId: match[1]!, parentSpanId: match[2]!, flags: match[3]! };
}

/** The trace of a request: the caller's trace when its header is valid, else a new one; always a new span. */
export function traceFromHeader(header: string | string[] | undefined): RequestTrace {
  const incoming = parseTraceparent(header);
  const spanId = randomHex(8, ZERO_SPAN);
  if (incoming)
    return { traceId: incoming.traceId, spanId, parentSpanId: incoming.parentSpanId, flags: incoming.flags };
  return { traceId: randomHex(16, ZERO_TRACE), spanId, flags: SAMPLED };
}

/** The `traceparent` header naming the server's span in the request's trace. */
export function formatTraceparent(trace: RequestTrace): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}

// Random bytes from a pooled buffer: one randomFillSync per 256 requests instead of two per request.
const pool = Buffer.allocUnsafe(24 * 256);
let poolOffset = pool.length;

function randomHex(bytes: number, invalid: string): string {
  for (;;) {
    if (poolOffset + bytes > pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    if (hex !== invalid) return hex;
  }
}
