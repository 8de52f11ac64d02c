import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOG_START, type RecordedEvent, SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { registerProblemHandling } from '../src/server/problem.js';
import { streamRoutes } from '../src/server/routes/stream.js';
import { bearerPerRole } from './support/auth.js';

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A minimal SSE reader over node:http, so the test controls headers and can drop the connection. */
class SseClient {
  /** Every client still connected, so a failed test does not leave streams open for the next. */
  static readonly connected = new Set<SseClient>();
  readonly messages: SseMessage[] = [];
  text = '';
  ended = false;
  private pending = '';
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly request: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.receive(chunk));
    SseClient.connected.add(this);
    response.on('close', () => {
      SseClient.connected.delete(this);
      this.ended = true;
      this.wake();
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers, agent: false }, (response) =>
        resolve(new SseClient(request, response)),
      );
      request.on('error', reject);
    });
  }

  /** Events only (comments and the error message left out). */
  get events(): SseMessage[] {
    return this.messages.filter((m) => m.id !== undefined);
  }

  /** Resolves when `done()` holds, or fails after `timeoutMs`. */
  async until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.ended) throw new Error(`stream ended before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the server has ended the response. */
  async closed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the stream to end');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  disconnect(): void {
    this.request.destroy();
  }

  private receive(chunk: string): void {
    this.text += chunk;
    this.pending += chunk;
    let boundary = this.pending.indexOf('\n\n');
    while (boundary >= 0) {
      const block = this.pending.slice(0, boundary);
      this.pending = this.pending.slice(boundary + 2);
      const message: SseMessage = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) message.comment = line.slice(1).trim();
        else {
          const colon = line.indexOf(':');
          const field = line.slice(0, colon) as 'id' | 'event' | 'data';
          message[field] = line.slice(colon + 1).replace(/^ /, '');
        }
      }
      this.messages.push(message);
      boundary = this.pending.indexOf('\n\n');
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The event as /api/events returns it. */
const asJson = (event: RecordedEvent) => JSON.parse(JSON.stringify({ ...event, transactionId: undefined }));

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let base: string;
let appClosed = false;
const bearer: Record<string, string> = {};
/** Subscriptions waiting for new events right now (each open stream holds one while idle). */
const waiting = new Set<AbortSignal>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-stream-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const waitForEvents = store.waitForEvents.bind(store);
  store.waitForEvents = (after, signal) => {
    waiting.add(signal);
    return waitForEvents(after, signal).finally(() => waiting.delete(signal));
  };
  const server = await createVigiaServer({ store, logger: silentLogger(), version: 'test' });
  Object.assign(bearer, await bearerPerRole(server.auth.tokens, 'stream'));
  app = server.app;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as net.AddressInfo;
  base = `http://127.0.0.1:${address.port}`;
});

afterEach(() => {
  for (const client of SseClient.connected) client.disconnect();
});

afterAll(async () => {
  if (!appClosed) await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const viewer = () => ({ authorization: bearer.viewer! });

async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function eventsOf(streamPrefix: string): Promise<RecordedEvent[]> {
  return store.readAllPage(LOG_START, 10_000, { streamPrefixes: [streamPrefix] });
}

describe('GET /api/stream', () => {
  it('refuses anonymous callers and bad input with problem+json, before any stream starts', async () => {
    const anonymous = await fetch(`${base}/api/stream`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    for (const [headers, query] of [
      [{ 'last-event-id': 'abc' }, ''],
      [{ 'last-event-id': '12.34.56' }, ''],
      [{}, '?lastEventId=-1'],
      [{}, '?lastEventId=99999999999999999'],
    ] as const) {
      const bad = await fetch(`${base}/api/stream${query}`, { headers: { ...viewer(), ...headers } });
      expect(bad.status, JSON.stringify({ headers, query })).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await bad.json()) as { code: string; detail: string };
      expect(problem).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(problem.detail).toContain('Last-Event-ID');
    }
    for (const query of ['?from=middle', '?follow=true']) {
      const bad = await fetch(`${base}/api/stream${query}`, { headers: viewer() });
      expect(bad.status, query).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(waiting.size).toBe(0);
  });

  it('sends a viewer new events live, with their cursor as id, their type as event, filtered', async () => {
    await store.appendToStream('shop-0', [{ type: 'order.placed', data: { before: true } }]);
    const client = await SseClient.connect(`${base}/api/stream?type=order.&streamPrefix=shop-`, viewer());
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    // Set by an onRequest hook on the reply, and kept although the reply is hijacked.
    expect(client.response.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const placed = await store.appendToStream('shop-1', [
      { type: 'order.placed', data: { n: 1 } },
      { type: 'cart.emptied', data: {} },
      { type: 'order.paid', data: { n: 1 } },
    ]);
    await store.appendToStream('warehouse-1', [{ type: 'order.placed', data: { n: 2 } }]);
    const shipped = await store.appendToStream('shop-2', [{ type: 'order.shipped', data: { n: 3 } }]);

    await client.until(() => client.events.length >= 3, 'three events');
    const expected = [placed.positions[0]!, placed.positions[2]!, shipped.positions[0]!];
    expect(client.events.map((m) => m.id)).toEqual(expected.map(String));
    expect(client.events.map((m) => m.event)).toEqual(['order.placed', 'order.paid', 'order.shipped']);
    const stored = (await eventsOf('shop-')).filter((e) => expected.includes(e.position));
    expect(client.events.map((m) => JSON.parse(m.data!))).toEqual(stored.map(asJson));

    client.disconnect();
    await until(() => waiting.size === 0, 'the subscription to be released');
  });

  it('replays the log with from=start, then keeps going live', async () => {
    await store.appendToStream('history-1', [
      { type: 'history.one', data: {} },
      { type: 'history.two', data: {} },
    ]);
    const client = await SseClient.connect(`${base}/api/stream?from=start&streamPrefix=history-`, viewer());
    await client.until(() => client.events.length >= 2, 'the history');
    await store.appendToStream('history-1', [{ type: 'history.three', data: {} }]);
    await client.until(() => client.events.length >= 3, 'the live event');
    const log = await eventsOf('history-');
    expect(client.events.map((m) => m.id)).toEqual(log.map((e) => String(e.position)));
    expect(client.events.map((m) => m.event)).toEqual(['history.one', 'history.two', 'history.three']);
    client.disconnect();
    await until(() => waiting.size === 0, 'the subscription to be released');
  });

  it('follows one correlation chain, from the start and live', async () => {
    const chain = 'c0ffee00-0000-4000-8000-000000000001';
    const correlated = (type: string, correlationId: string) => ({
      type,
      data: {},
      metadata: { correlationId },
    });
    await store.appendToStream('corr-1', [
      correlated('corr.fired', chain),
      correlated('corr.other', 'elsewhere'),
    ]);
    const client = await SseClient.connect(`${base}/api/stream?from=start&correlationId=${chain}`, viewer());
    await client.until(() => client.events.length >= 1, 'the history');
    await store.appendToStream('corr-2', [
      correlated('corr.noise', `${chain}-2`),
      correlated('corr.healed', chain),
    ]);
    await client.until(() => client.events.length >= 2, 'the live event');
    expect(client.events.map((m) => m.event)).toEqual(['corr.fired', 'corr.healed']);
    client.disconnect();
    await until(() => waiting.size === 0, 'the subscription to be released');
  });

  it('resumes after Last-Event-ID with no gap and no duplicate while appends go on', async () => {
    const url = `${base}/api/stream?streamPrefix=race-`;
    const received: string[] = [];
    let client = await SseClient.connect(url, viewer());
    let appending = true;
    const total = 400;
    const appender = (async () => {
      for (let i = 0; i < total; i += 4) {
        await store.appendToStreams([
          { streamId: `race-${i % 3}`, events: [{ type: 'race.ran', data: { i } }] },
          {
            streamId: `race-${(i + 1) % 3}`,
            events: [1, 2, 3].map((k) => ({ type: 'race.ran', data: { i: i + k } })),
          },
        ]);
        await new Promise((resolve) => setImmediate(resolve));
      }
      appending = false;
    })();

    // Two reconnections mid-flight: one with the header, one with the query parameter.
    for (const resume of ['header', 'query'] as const) {
      const target = received.length + client.events.length + 60;
      await client.until(() => received.length + client.events.length >= Math.min(target, total), 'events');
      client.disconnect();
      received.push(...client.events.map((m) => m.id!));
      const last = received[received.length - 1]!;
      client =
        resume === 'header'
          ? await SseClient.connect(url, { ...viewer(), 'last-event-id': last })
          : await SseClient.connect(`${url}&lastEventId=${last}&from=end`, viewer());
    }
    await appender;
    expect(appending).toBe(false);
    const log = await eventsOf('race-');
    expect(log).toHaveLength(total);
    await client.until(() => received.length + client.events.length >= total, 'the rest', 10_000);
    received.push(...client.events.map((m) => m.id!));
    expect(received).toEqual(log.map((e) => String(e.position)));
    client.disconnect();
    await until(() => waiting.size === 0, 'the subscription to be released');
  });

  it('releases the subscription when the client goes away', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => SseClient.connect(`${base}/api/stream`, viewer())));
    await until(() => waiting.size === 3, 'three idle subscriptions');
    clients[0]!.disconnect();
    await until(() => waiting.size === 2, 'one subscription released');
    for (const client of clients.slice(1)) client.disconnect();
    await until(() => waiting.size === 0, 'every subscription released');
  });

  it('ends open streams when the server closes, promptly and without leaks', async () => {
    const client = await SseClient.connect(`${base}/api/stream`, viewer());
    await until(() => waiting.size === 1, 'the subscription');
    const started = Date.now();
    await app.close();
    appClosed = true;
    expect(Date.now() - started).toBeLessThan(2000);
    await client.closed();
    expect(waiting.size).toBe(0);
  });
});

describe('slow clients and keep-alive', () => {
  let slowStore: SqliteEventStore;
  let slowApp: FastifyInstance;
  let port: number;
  let slowAppClosed = false;
  const logLines: Array<{ msg?: string }> = [];

  beforeAll(async () => {
    slowStore = SqliteEventStore.open({ file: path.join(dir, 'slow.db') });
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(JSON.parse(String(chunk)));
        callback();
      },
    });
    slowApp = Fastify({ loggerInstance: pino({ level: 'warn' }, destination) as FastifyBaseLogger });
    registerProblemHandling(slowApp);
    await slowApp.register(streamRoutes, {
      store: slowStore,
      keepAliveMs: 50,
      drainTimeoutMs: 500,
    });
    await slowApp.listen({ host: '127.0.0.1', port: 0 });
    port = (slowApp.server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    if (!slowAppClosed) await slowApp.close();
    await slowStore.close();
  });

  it('sends keep-alive comments while the log is quiet', async () => {
    const client = await SseClient.connect(`http://127.0.0.1:${port}/api/stream`);
    await client.until(() => client.messages.filter((m) => m.comment === 'keep-alive').length >= 2, 'pings');
    client.disconnect();
  });

  it('disconnects a client that stops reading, with a reason, rather than buffering', async () => {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // A raw socket, so the test can stop reading (pause) while the server keeps writing.
    socket.write(['GET /api/stream HTTP/1.1', 'host: 127.0.0.1', 'connection: close', '', ''].join('\r\n'));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    await until(() => text.includes('\r\n\r\n'), 'the response headers');
    socket.pause();

    const payload = 'x'.repeat(256 * 1024);
    let appended = 0;
    const tooSlow = () => logLines.some((line) => line.msg?.includes('too slow'));
    // Far more than the socket buffers hold; stops as soon as the server gives up on the client.
    for (let i = 0; i < 200 && !tooSlow(); i++) {
      await slowStore.appendToStream('bulk-1', [{ type: 'bulk.loaded', data: { payload } }]);
      appended++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(tooSlow, 'the server to give up on the client');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.resume();
    await closed;

    const received = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(appended);
    expect(received).toEqual(received.map((_, i) => i + 1));
    expect(text).toContain('event: error\ndata: {"reason":"client too slow"}\n\n');
    const started = Date.now();
    await slowApp.close();
    slowAppClosed = true;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
