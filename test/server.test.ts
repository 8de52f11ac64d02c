import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { FakeClock, silentLogger } from '../src/kernel/index.js';
import { MetricsService, MonitorService } from '../src/monitor/index.js';
import { createVigiaServer, ROLES, TOKEN_CACHE_TTL_MS, TokenRegistry } from '../src/server/index.js';
import { bearerPerRole, secretPartOf } from './support/auth.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let tokens: TokenRegistry;
let monitoring: MonitorService;
let metricsService: MetricsService;
const clock = new FakeClock(Date.UTC(2026, 10, 22));
const bearer: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-server-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db'), clock });
  // With the monitor service, so the authorization matrix covers the monitoring routes too.
  monitoring = new MonitorService({ store, clock, logger: silentLogger() });
  // …and the metrics service, for the metric routes.
  metricsService = new MetricsService({ store, clock, logger: silentLogger() });
  const server = await createVigiaServer({
    store,
    clock,
    logger: silentLogger(),
    version: 'test',
    monitoring,
    metricsService: { service: metricsService },
  });
  await monitoring.start();
  await metricsService.start();
  app = server.app;
  tokens = server.auth.tokens;
  expect(server.firstStart?.userName).toBe('admin');
  Object.assign(bearer, await bearerPerRole(tokens));
  await app.ready();
});

afterAll(async () => {
  await monitoring.stop();
  await metricsService.stop();
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const as = (role: string | undefined) => (role && bearer[role] ? { authorization: bearer[role]! } : {});

describe('problem+json and access control', () => {
  it('health is public and reveals nothing else', async () => {
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });

  it('refuses anonymous and forged credentials with 401 problem+json, and audits the forgery', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', title: 'Unauthorized' });
    const forged = `vigia_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    for (const authorization of [`Bearer ${forged}`, 'Bearer nonsense', 'Basic YWRtaW46YWRtaW4=']) {
      expect(
        (await app.inject({ method: 'GET', url: '/api/me', headers: { authorization } })).statusCode,
      ).toBe(401);
    }
    const audit = await store.readStream('audit-access');
    expect(audit.some((e) => e.type === 'auth.authentication_failed')).toBe(true);
  });

  it('every route x every role x anonymous: allowed, 401 or 403 exactly as its access rule says', async () => {
    const rules = app.accessRules.filter((r) => r.access && r.access !== 'public' && r.method !== 'HEAD');
    expect(rules.length).toBeGreaterThanOrEqual(30);
    expect(rules.map((r) => r.url)).toContain('/api/status/monitors');
    expect(rules.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/api/metrics', '/api/metrics/series', '/api/metrics/query']),
    );
    for (const rule of rules) {
      const url = rule.url
        .replace(':tokenId', '0123456789abcdef')
        .replace(':streamId', 'matrix-stream')
        .replace(':id', '01890000-0000-7000-8000-000000000000')
        // An invalid query makes allowed requests fail validation at once (streams would never end);
        // authentication and authorization are decided before validation.
        .concat('?lastEventId=not-a-cursor&matrixProbe=1');
      for (const role of [undefined, ...ROLES]) {
        const response = await app.inject({
          method: rule.method as 'GET',
          url,
          headers: as(role),
          ...(rule.method === 'POST' || rule.method === 'PUT' ? { payload: {} } : {}),
        });
        const allowed =
          role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(rule.access as (typeof ROLES)[number]);
        const expected = role === undefined ? 401 : allowed ? 'allowed' : 403;
        const actual =
          response.statusCode === 401 || response.statusCode === 403 ? response.statusCode : 'allowed';
        expect(actual, `${rule.method} ${rule.url} as ${role ?? 'anonymous'}`).toBe(expected);
      }
    }
  });

  it('a permission denial is an audit event with actor, source IP and user agent', async () => {
    const denied = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...as('viewer'), 'user-agent': 'audit-test/1.0' },
      payload: { name: 'x', role: 'admin' },
    });
    expect(denied.statusCode).toBe(403);
    const audit = await store.readStream('audit-access', { direction: 'backward', maxCount: 1 });
    expect(audit[0]).toMatchObject({
      type: 'auth.permission_denied',
      data: { method: 'POST', route: '/api/tokens', required: 'admin', role: 'viewer' },
      metadata: { actor: 'token:test-viewer', sourceIp: '127.0.0.1', userAgent: 'audit-test/1.0' },
    });
  });

  it('unknown routes and bad input answer with problem+json naming the field', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/nope', headers: as('admin') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    const unknownField = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: as('admin'),
      payload: { name: 'ok', role: 'viewer', isRoot: true },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors[0]).toMatchObject({ field: 'body.isRoot' });
    const wrongType = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: as('admin'),
      payload: { name: 7, role: 'root' },
    });
    expect(wrongType.statusCode).toBe(400);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    const huge = await app.inject({
      method: 'POST',
      url: '/api/streams/big/events',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      payload: JSON.stringify({ events: [{ type: 'x.y', data: 'x'.repeat(2 * 1024 * 1024) }] }),
    });
    expect(huge.statusCode).toBe(413);
    const traversal = await app.inject({
      method: 'DELETE',
      url: '/api/tokens/..%2F..%2Fetc',
      headers: as('admin'),
    });
    expect(traversal.statusCode).toBe(400);
    for (const response of [missing, unknownField, wrongType, malformed, huge, traversal]) {
      expect(response.body).not.toMatch(/\s+at\s+\S+:\d+/);
    }
  });

  it('serves the OpenAPI document and the docs page without authentication', async () => {
    const spec = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toEqual(
      expect.arrayContaining(['/api/events', '/api/tokens', '/api/me']),
    );
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});

describe('tokens', () => {
  it('revoked by another process stop working within the cache time, at once in this one', async () => {
    const { token, info } = await tokens.create({ name: 'cached', role: 'viewer' }, { actor: 'test' });
    const headers = { authorization: `Bearer ${token}` };
    const me = async () => (await app.inject({ method: 'GET', url: '/api/me', headers })).statusCode;
    expect(await me()).toBe(200);
    // Another process (the CLI, a second instance) revokes it through its own connection.
    const other = SqliteEventStore.open({ file: path.join(dir, 'events.db'), clock });
    try {
      const otherTokens = new TokenRegistry(other, clock);
      await otherTokens.start();
      expect(await otherTokens.revoke(info.tokenId, { actor: 'test' })).toBe(true);
    } finally {
      await other.close();
    }
    await clock.advance(TOKEN_CACHE_TTL_MS);
    expect(await me()).toBe(401);

    const second = await tokens.create({ name: 'cached-2', role: 'viewer' }, { actor: 'test' });
    const secondHeaders = { authorization: `Bearer ${second.token}` };
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: secondHeaders })).statusCode).toBe(
      200,
    );
    await tokens.revoke(second.info.tokenId, { actor: 'test' });
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: secondHeaders })).statusCode).toBe(
      401,
    );
  });

  it('are created once with their secret, listed without it, used, and revoked', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: as('admin'),
      payload: { name: 'ci deploy', role: 'operator', expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { token, info } = created.json();
    expect(token).toMatch(/^vigia_/);
    const me = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toEqual({ actor: 'token:ci deploy', role: 'operator', kind: 'token' });

    const list = await app.inject({ method: 'GET', url: '/api/tokens', headers: as('admin') });
    expect(list.body).not.toContain(secretPartOf(token));
    expect(list.body).not.toMatch(/hash/i);
    const events = await store.readStream(`token-${info.tokenId}`);
    expect(JSON.stringify(events)).not.toContain(secretPartOf(token));
    expect(events[0]!.metadata).toMatchObject({ actor: 'token:test-admin' });

    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${info.tokenId}`, headers: as('admin') }))
        .statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${info.tokenId}`, headers: as('admin') }))
        .statusCode,
    ).toBe(404);
  });

  it('stop working when they expire', async () => {
    const { token } = await tokens.create(
      { name: 'short', role: 'viewer', expiresInMs: 1000 },
      { actor: 'test' },
    );
    const headers = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    await clock.advance(1000);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });
});

describe('events API', () => {
  it('appends as admin with the actor in the metadata, and reads the log in pages', async () => {
    const appended = await app.inject({
      method: 'POST',
      url: "/api/streams/order-1'; DROP TABLE events;--/events",
      headers: as('admin'),
      payload: {
        expectedVersion: 'no-stream',
        events: [
          { type: 'order.placed', data: { n: 1 } },
          { type: 'order.paid', data: {} },
        ],
      },
    });
    expect(appended.statusCode).toBe(201);
    const conflict = await app.inject({
      method: 'POST',
      url: "/api/streams/order-1'; DROP TABLE events;--/events",
      headers: as('admin'),
      payload: { expectedVersion: 'no-stream', events: [{ type: 'order.placed', data: {} }] },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });

    const stream = await app.inject({
      method: 'GET',
      url: `/api/streams/${encodeURIComponent("order-1'; DROP TABLE events;--")}/events`,
      headers: as('viewer'),
    });
    expect(stream.json().version).toBe(2);
    expect(stream.json().events[0].metadata).toMatchObject({
      actor: 'token:test-admin',
      sourceIp: '127.0.0.1',
    });

    const first = await app.inject({
      method: 'GET',
      url: '/api/events?type=order.&limit=1',
      headers: as('viewer'),
    });
    expect(first.json().events.map((e: { type: string }) => e.type)).toEqual(['order.placed']);
    const next = await app.inject({
      method: 'GET',
      url: `/api/events?type=order.&limit=1&after=${first.json().next}`,
      headers: as('viewer'),
    });
    expect(next.json().events.map((e: { type: string }) => e.type)).toEqual(['order.paid']);
    const badCursor = await app.inject({
      method: 'GET',
      url: '/api/events?after=abc',
      headers: as('viewer'),
    });
    expect(badCursor.statusCode).toBe(400);
  });

  it('reads one correlation chain, page by page, and refuses an empty or overlong id', async () => {
    const chain = '7d0f6a3e-1f7e-4c59-9a57-0d7c2b1f1a01';
    const correlated = (type: string, correlationId: string) => ({
      type,
      data: {},
      metadata: { correlationId },
    });
    await store.appendToStream('chain-alert-1', [correlated('chain.fired', chain)]);
    await store.appendToStream('chain-other-1', [
      correlated('chain.fired', 'another chain'),
      correlated('chain.noise', ''),
    ]);
    await store.appendToStream('chain-remediation-1', [
      correlated('chain.diagnosed', chain),
      correlated('chain.healed', chain),
    ]);
    const read = async (query: string) => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/events?${query}`,
        headers: as('viewer'),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as {
        events: Array<{ type: string; metadata: { correlationId?: string } }>;
        next: string | null;
      };
    };
    const first = await read(`correlationId=${chain}&limit=2`);
    expect(first.events.map((e) => e.type)).toEqual(['chain.fired', 'chain.diagnosed']);
    const rest = await read(`correlationId=${chain}&limit=2&after=${first.next}`);
    expect(rest.events.map((e) => e.type)).toEqual(['chain.healed']);
    const healing = await read(`correlationId=${chain}&streamPrefix=chain-remediation-&type=chain.heal`);
    expect(healing.events.map((e) => e.metadata.correlationId)).toEqual([chain]);
    expect((await read('correlationId=another%20chain')).events.map((e) => e.type)).toEqual(['chain.fired']);

    for (const bad of ['correlationId=', `correlationId=${'x'.repeat(201)}`]) {
      const response = await app.inject({ method: 'GET', url: `/api/events?${bad}`, headers: as('viewer') });
      expect(response.statusCode, bad).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });
});
