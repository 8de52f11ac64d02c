import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { createLogger, createMetricsRegistry, type Logger, silentLogger } from '../src/kernel/index.js';
import {
  createVigiaServer,
  type MetricsListener,
  type MetricsMode,
  startMetricsListener,
} from '../src/server/index.js';
import { bearerPerRole, secretPartOf } from './support/auth.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

interface Server {
  app: FastifyInstance;
  store: SqliteEventStore;
  registry: ReturnType<typeof createMetricsRegistry>;
  bearer: Record<'viewer' | 'operator' | 'admin', { authorization: string }>;
  close(): Promise<void>;
}

/** A server on a fresh SQLite store, with one token per role. */
async function startServer(mode: MetricsMode, logger: Logger = silentLogger()): Promise<Server> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-operations-'));
  const store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const registry = createMetricsRegistry(true);
  const server = await createVigiaServer({ store, logger, version: 'test', metrics: { registry, mode } });
  const headers = await bearerPerRole(server.auth.tokens, 'ops');
  const bearer = {
    admin: { authorization: headers.admin },
    viewer: { authorization: headers.viewer },
    operator: { authorization: headers.operator },
  };
  const app = server.app;
  await app.ready();
  return {
    app,
    store,
    registry,
    bearer,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The value of an unlabelled sample in Prometheus text. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not in the metrics:\n${text.slice(0, 2000)}`);
  return Number(line.split(' ')[1]);
}

/** Lines of one histogram series whose labels include all of `labels`. */
function series(text: string, metric: string, labels: Record<string, string>): string[] {
  return text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith(`${metric}{`) &&
        Object.entries(labels).every(([key, value]) => l.includes(`${key}="${value}"`)),
    );
}

describe('GET /metrics in token mode', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer('token');
  });
  afterAll(() => server.close());

  const scrape = async () => {
    const response = await server.app.inject({ url: '/metrics', headers: server.bearer.operator });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  it('needs an operator token: 401 anonymous, 403 viewer, 200 operator and admin', async () => {
    const anonymous = await server.app.inject({ url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    const viewer = await server.app.inject({ url: '/metrics', headers: server.bearer.viewer });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.body).not.toContain('vigia_');
    for (const role of ['operator', 'admin'] as const) {
      const allowed = await server.app.inject({ url: '/metrics', headers: server.bearer[role] });
      expect(allowed.statusCode, role).toBe(200);
      expect(allowed.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    }
    expect(server.app.accessRules).toContainEqual({ method: 'GET', url: '/metrics', access: 'operator' });
  });

  it('counts appended events, and labels request durations by route pattern, never by URL', async () => {
    const before = sample(await scrape(), 'vigia_events_appended_total');
    const append = await server.app.inject({
      method: 'POST',
      url: '/api/streams/order-7731/events',
      headers: server.bearer.admin,
      payload: {
        events: [
          { type: 'order.placed', data: {} },
          { type: 'order.paid', data: {} },
        ],
      },
    });
    expect(append.statusCode).toBe(201);
    const read = await server.app.inject({
      url: '/api/streams/order-7731/events',
      headers: server.bearer.admin,
    });
    expect(read.statusCode).toBe(200);
    expect(
      (await server.app.inject({ url: '/api/no-such-7731', headers: server.bearer.admin })).statusCode,
    ).toBe(404);

    const text = await scrape();
    expect(sample(text, 'vigia_events_appended_total')).toBe(before + 2);
    const histogram = 'vigia_http_request_duration_seconds';
    expect(text).toContain(`# TYPE ${histogram} histogram`);
    const route = '/api/streams/:streamId/events';
    expect(series(text, `${histogram}_count`, { method: 'POST', route, status: '201' })).toEqual([
      expect.stringMatching(/ 1$/),
    ]);
    expect(series(text, `${histogram}_count`, { method: 'GET', route, status: '200' })).toHaveLength(1);
    expect(series(text, `${histogram}_bucket`, { method: 'POST', route, le: '+Inf' })).toHaveLength(1);
    expect(series(text, `${histogram}_count`, { method: 'GET', route: 'unmatched', status: '404' })).toEqual([
      expect.stringMatching(/ 1$/),
    ]);
    expect(series(text, `${histogram}_count`, { route: '/metrics', status: '401' })).toHaveLength(1);
    // Neither the stream id nor the unknown path became a label.
    expect(text).not.toContain('7731');
  });

  it('includes process metrics and the resilience policy families', async () => {
    const text = await scrape();
    expect(sample(text, 'vigia_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'vigia_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE vigia_nodejs_eventloop_lag_seconds gauge');
    expect(text).toContain('# TYPE vigia_resilience_calls_total counter');
  });
});

describe('GET /metrics in listener mode', () => {
  let server: Server;
  let listener: MetricsListener;
  beforeAll(async () => {
    server = await startServer('listener');
    listener = await startMetricsListener({
      registry: server.registry,
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger(),
    });
  });
  afterAll(async () => {
    await listener.close();
    await server.close();
  });

  it('serves /metrics without a token on the second port, and the API server does not serve it', async () => {
    expect(listener.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const onApi = await server.app.inject({ url: '/metrics', headers: server.bearer.admin });
    expect(onApi.statusCode).toBe(404);
    expect(server.app.accessRules.some((rule) => rule.url === '/metrics')).toBe(false);

    const response = await fetch(`${listener.address}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    // The API server's requests are measured all the same.
    expect(
      series(text, 'vigia_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
    ).toHaveLength(1);
    expect(text).toContain('vigia_events_appended_total');
    expect(sample(text, 'vigia_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect((await fetch(`${listener.address}/api/me`)).status).toBe(404);
  });
});

describe('W3C trace context', () => {
  let server: Server;
  const logLines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    server = await startServer('token', createLogger({ level: 'info', pretty: false, destination }));
  });
  afterAll(() => server.close());

  const append = async (stream: string, headers: Record<string, string>) => {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/streams/${stream}/events`,
      headers: { ...server.bearer.admin, ...headers },
      payload: { events: [{ type: 'trace.tested', data: {} }] },
    });
    expect(response.statusCode).toBe(201);
    const [event] = await server.store.readStream(stream);
    return { response, event: event! };
  };

  it('continues a valid traceparent: events carry its trace id, the response names our span', async () => {
    const { response, event } = await append('traced-1', { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    const echoed = TRACEPARENT.exec(String(response.headers.traceparent));
    expect(echoed).not.toBeNull();
    const [, traceId, spanId, flags] = echoed!;
    expect(traceId).toBe(TRACE_ID);
    expect(spanId).not.toBe(CALLER_SPAN);
    expect(flags).toBe('01');
    expect(event.metadata).toMatchObject({ traceId: TRACE_ID, correlationId: spanId });
  });

  it('keeps the trace through a body that arrives after the request started (real socket)', async () => {
    const address = new URL(await server.app.listen({ host: '127.0.0.1', port: 0 }));
    const body = JSON.stringify({ events: [{ type: 'trace.tested', data: {} }] });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(
        {
          host: address.hostname,
          port: address.port,
          method: 'POST',
          path: '/api/streams/traced-socket/events',
          headers: {
            ...server.bearer.admin,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
          },
        },
        resolve,
      );
      request.on('error', reject);
      // The second half comes after the request's hooks ran, from the socket's own async context.
      request.write(body.slice(0, 10));
      setTimeout(() => request.end(body.slice(10)), 50);
    });
    response.resume();
    expect(response.statusCode).toBe(201);
    expect(response.headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    const [event] = await server.store.readStream('traced-socket');
    expect(event!.metadata.traceId).toBe(TRACE_ID);
  });

  it('replaces an invalid traceparent (or none) with a new trace', async () => {
    const invalid = [
      `00-${TRACE_ID.toUpperCase()}-${CALLER_SPAN}-01`,
      `00-${'0'.repeat(32)}-${CALLER_SPAN}-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `ff-${TRACE_ID}-${CALLER_SPAN}-01`,
      `00-${TRACE_ID}-${CALLER_SPAN}`,
      `00-${TRACE_ID}-${CALLER_SPAN}-01-extra`,
      'not a trace',
    ];
    const seen = new Set<string>();
    for (const [i, header] of [...invalid, undefined].entries()) {
      const { response, event } = await append(`untraced-${i}`, header ? { traceparent: header } : {});
      const echoed = TRACEPARENT.exec(String(response.headers.traceparent));
      expect(echoed, header).not.toBeNull();
      const traceId = echoed![1]!;
      expect(traceId, header).not.toBe(TRACE_ID);
      expect(event.metadata.traceId, header).toBe(traceId);
      seen.add(traceId);
    }
    expect(seen.size).toBe(invalid.length + 1);
  });

  it('traces refused requests too: the response header and the audit event', async () => {
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/streams/x/events',
      headers: { ...server.bearer.viewer, traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-00` },
      payload: { events: [{ type: 'x.y', data: {} }] },
    });
    expect(refused.statusCode).toBe(403);
    expect(String(refused.headers.traceparent)).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    const [audit] = await server.store.readStream('audit-access', { direction: 'backward', maxCount: 1 });
    expect(audit).toMatchObject({ type: 'auth.permission_denied', metadata: { traceId: TRACE_ID } });
  });

  it('writes one access line per request, stamped with the trace id once, and no credential', async () => {
    const traceId = 'a'.repeat(32);
    logLines.length = 0;
    await append('logged-1', { traceparent: `00-${traceId}-${CALLER_SPAN}-01` });
    const lines = logLines.filter((l) => l.includes(traceId));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.match(/"traceId"/g)).toHaveLength(1);
    const access = JSON.parse(lines[0]!);
    expect(access).toMatchObject({
      msg: 'request completed',
      traceId,
      correlationId: access.reqId,
      reqId: expect.stringMatching(/^[0-9a-f]{16}$/),
      req: { method: 'POST', url: '/api/streams/logged-1/events', remoteAddress: '127.0.0.1' },
      res: { statusCode: 201 },
    });
    expect(access.responseTime).toBeGreaterThan(0);
    expect(lines[0]).not.toContain(secretPartOf(server.bearer.admin.authorization));
  });
});
