import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import {
  closeHttpCheckAgent,
  MonitorService,
  type SimulatedService,
  startSimulatedService,
} from '../src/monitor/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';

let dir: string;
let store: SqliteEventStore;
let monitoring: MonitorService;
let app: FastifyInstance;
let web: SimulatedService;
let headers: Record<'viewer' | 'operator' | 'admin', { authorization: string }>;

async function startMonitoring(): Promise<MonitorService> {
  const service = new MonitorService({
    store,
    clock: systemClock,
    logger: silentLogger(),
    flushIntervalMs: 20,
  });
  return service;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-monitoring-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  web = await startSimulatedService({ name: 'web', latencyMs: 0, jitterMs: 0, failureRate: 0 });
  monitoring = await startMonitoring();
  const server = await createVigiaServer({ store, logger: silentLogger(), version: 'test', monitoring });
  app = server.app;
  headers = await headersPerRole(server.auth.tokens, 'monitoring');
  await monitoring.start();
  await app.ready();
});

afterAll(async () => {
  await monitoring?.stop();
  await app?.close();
  await web?.stop();
  await closeHttpCheckAgent();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Checks a monitor now and waits until its status read model shows the result. */
async function checkAndRead(id: string, minChecks: number) {
  const accepted = await app.inject({
    method: 'POST',
    url: `/api/monitors/${id}/check`,
    headers: headers.operator,
  });
  expect(accepted.statusCode).toBe(202);
  return until(`check ${minChecks} of ${id}`, async () => {
    await monitoring.settle();
    const response = await app.inject({
      method: 'GET',
      url: `/api/monitors/${id}/status`,
      headers: headers.viewer,
    });
    const body = response.statusCode === 200 ? response.json() : undefined;
    return body && body.checks >= minChecks ? body : undefined;
  });
}

describe('heartbeat monitors', () => {
  it('take beats at a secret URL, refuse and audit wrong secrets, and go down when beats stop', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/monitors',
      headers: headers.operator,
      payload: {
        name: 'nightly-backup',
        kind: 'heartbeat',
        service: 'backup',
        intervalSeconds: 5,
        graceSeconds: 0,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    await until('the heartbeat monitor', () => monitoring.definition(id));
    const viewerUrl = await app.inject({
      method: 'GET',
      url: `/api/monitors/${id}/heartbeat-url`,
      headers: headers.viewer,
    });
    expect(viewerUrl.statusCode).toBe(403);
    const urlResponse = await app.inject({
      method: 'GET',
      url: `/api/monitors/${id}/heartbeat-url`,
      headers: headers.operator,
    });
    expect(urlResponse.statusCode, urlResponse.body).toBe(200);
    const beatPath: string = urlResponse.json().path;
    expect(beatPath).toMatch(new RegExp(`^/api/heartbeat/${id}/[A-Za-z0-9_-]{43}$`));

    const forged = await app.inject({ method: 'POST', url: `/api/heartbeat/${id}/${'A'.repeat(43)}` });
    expect(forged.statusCode).toBe(401);
    const [audit] = await store.readStream('audit-access', { direction: 'backward', maxCount: 1 });
    expect(audit?.type).toBe('auth.authentication_failed');

    expect((await app.inject({ method: 'GET', url: beatPath })).statusCode).toBe(202);
    const up = await until('the beat in the read model', async () => {
      await monitoring.settle();
      const s = await monitoring.queries.status(id);
      return s?.status === 'up' ? s : undefined;
    });
    expect(up.lastMessage).toBe('heartbeat received');

    // No beat for longer than interval + grace: its next turn marks it down.
    await new Promise((r) => setTimeout(r, 5_300));
    await monitoring.checkNow(id);
    const down = await until('the missing beat', async () => {
      await monitoring.settle();
      const s = await monitoring.queries.status(id);
      return s?.status === 'down' ? s : undefined;
    });
    expect(down.lastMessage).toMatch(/^no heartbeat for \d+ s \(allowed 5 s\)$/);
  }, 20_000);
});

describe('monitoring through the API', () => {
  let id: string;

  it('creates an HTTP monitor, checks it, and serves its status, uptime and latency', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/monitors',
      headers: headers.operator,
      payload: {
        name: 'web-health',
        kind: 'http',
        service: 'web',
        url: `${web.url}/health`,
        intervalSeconds: 300,
        assertions: [{ jsonPath: 'status', equals: 'ok' }],
        dependsOn: ['api'],
        labels: { team: 'edge' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    await until('the monitor to be scheduled', () => monitoring.definition(id));
    const status = await checkAndRead(id, 1);
    expect(status).toMatchObject({ monitor: 'web-health', service: 'web', kind: 'http', status: 'up' });
    expect(status.uptime['24h']).toBe(100);
    const latency = await app.inject({
      method: 'GET',
      url: `/api/monitors/${id}/latency`,
      headers: headers.viewer,
    });
    expect(latency.json().points[0]).toMatchObject({ checks: 1 });
    expect(latency.json().points[0].p99).toBeGreaterThan(0);
    const services = await app.inject({
      method: 'GET',
      url: '/api/status/services',
      headers: headers.viewer,
    });
    expect(services.json().services).toEqual(
      expect.arrayContaining([expect.objectContaining({ service: 'web', status: 'up', monitors: 1 })]),
    );
  });

  it('serves the service dependency graph from the monitors, with statuses and cycles', async () => {
    const add = (name: string, service: string, dependsOn: string[]) =>
      app.inject({
        method: 'POST',
        url: '/api/monitors',
        headers: headers.operator,
        payload: { name, kind: 'tcp', service, host: '127.0.0.1', port: 9, dependsOn, paused: true },
      });
    const api = await add('api-port', 'api', ['db']);
    expect(api.statusCode, api.body).toBe(201);
    await monitoring.settle();
    const graph = async () =>
      (await app.inject({ method: 'GET', url: '/api/services/graph', headers: headers.viewer })).json();
    const first = await graph();
    const ours = (services: Array<{ service: string }>) =>
      services.filter((n) => ['api', 'db', 'web'].includes(n.service));
    expect(ours(first.services)).toEqual([
      { service: 'api', monitors: 1, dependsOn: ['db'], dependents: ['web'], status: 'paused' },
      { service: 'db', monitors: 0, dependsOn: [], dependents: ['api'], status: 'unknown' },
      { service: 'web', monitors: 1, dependsOn: ['api'], dependents: [], status: 'up' },
    ]);
    expect(first.edges).toEqual(
      expect.arrayContaining([
        { from: 'api', to: 'db' },
        { from: 'web', to: 'api' },
      ]),
    );
    expect(first.cycles).toEqual([]);
    expect(await monitoring.graph.upstreamOf('web')).toEqual(['api', 'db']);

    const db = await add('db-port', 'db', ['web']);
    expect(db.statusCode, db.body).toBe(201);
    await monitoring.settle();
    expect((await graph()).cycles).toEqual([['api', 'db', 'web']]);
    for (const created of [api, db]) {
      const deleted = await app.inject({
        method: 'DELETE',
        url: `/api/monitors/${created.json().id}`,
        headers: { ...headers.operator, 'if-match': created.headers.etag as string },
      });
      expect(deleted.statusCode, deleted.body).toBe(204);
    }
    await monitoring.settle();
    expect(ours((await graph()).services).map((n) => n.service)).toEqual(['api', 'web']);
  });

  it('records an outage as status changes and an incident, closed when the service is back', async () => {
    web.setFaults({ available: false });
    const down = await checkAndRead(id, 2);
    expect(down.status).toBe('down');
    const open = await app.inject({
      method: 'GET',
      url: '/api/incidents?open=true&service=web',
      headers: headers.viewer,
    });
    expect(open.json().incidents).toEqual([
      expect.objectContaining({ monitor: 'web-health', service: 'web', endedAt: null }),
    ]);
    web.resetFaults();
    const up = await checkAndRead(id, 3);
    expect(up.status).toBe('up');
    const incidents = await app.inject({
      method: 'GET',
      url: '/api/incidents?service=web',
      headers: headers.viewer,
    });
    expect(incidents.json().incidents[0].endedAt).not.toBeNull();
    expect(up.uptime['24h']).toBeCloseTo((2 / 3) * 100, 5);
    const changes = (await store.readStream(`monitor-results-${id}`)).filter(
      (e) => e.type === 'monitor.status_changed',
    );
    expect(changes.map((e) => (e.data as { to: string }).to)).toEqual(['up', 'down', 'up']);
  });

  it('pages incidents and services with cursors, and refuses a malformed cursor', async () => {
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: headers.viewer });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const all = await get('/api/incidents');
    expect(all.incidents.length).toBeGreaterThanOrEqual(2);
    const ids = (page: { incidents: Array<{ incidentId: string }> }) =>
      page.incidents.map((i) => i.incidentId);
    const first = await get('/api/incidents?limit=1');
    expect(ids(first)).toEqual([all.incidents[0].incidentId]);
    const second = await get(`/api/incidents?limit=1&before=${first.next}`);
    expect(ids(second)).toEqual([all.incidents[1].incidentId]);
    const bad = await app.inject({ method: 'GET', url: '/api/incidents?before=x', headers: headers.viewer });
    expect(bad.statusCode).toBe(400);

    const services = (await get('/api/status/services')).services.map((s: { service: string }) => s.service);
    expect(services.length).toBeGreaterThanOrEqual(2);
    const page = await get('/api/status/services?limit=1');
    expect(page.services.map((s: { service: string }) => s.service)).toEqual([services[0]]);
    const rest = await get(`/api/status/services?after=${page.next}`);
    expect(rest.services.map((s: { service: string }) => s.service)).toEqual(services.slice(1));
    const down = await get('/api/status/services?status=down');
    for (const service of down.services) expect(service.status).toBe('down');
  });

  it('pauses and resumes, as events; a paused monitor is not checked', async () => {
    const paused = await app.inject({
      method: 'POST',
      url: `/api/monitors/${id}/pause`,
      headers: headers.operator,
    });
    expect(paused.json()).toMatchObject({ paused: true });
    await until('paused', async () => {
      await monitoring.settle();
      const r = await app.inject({
        method: 'GET',
        url: `/api/monitors/${id}/status`,
        headers: headers.viewer,
      });
      return r.json().status === 'paused' ? true : undefined;
    });
    const refused = await app.inject({
      method: 'POST',
      url: `/api/monitors/${id}/check`,
      headers: headers.operator,
    });
    expect(refused.statusCode).toBe(404);
    const viewer = await app.inject({
      method: 'POST',
      url: `/api/monitors/${id}/resume`,
      headers: headers.viewer,
    });
    expect(viewer.statusCode).toBe(403);
    await app.inject({ method: 'POST', url: `/api/monitors/${id}/resume`, headers: headers.operator });
    await until('resumed', async () => ((await monitoring.checkNow(id)) ? true : undefined));
  });

  it('keeps its statuses across a restart of the monitor service', async () => {
    await monitoring.settle();
    await monitoring.stop();
    monitoring = await startMonitoring();
    await monitoring.start();
    const status = await monitoring.queries.status(id);
    expect(status?.checks).toBeGreaterThanOrEqual(3);
    expect(monitoring.definition(id)?.name).toBe('web-health');
  });
});

describe('bad monitor definitions', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an invalid URL', { url: 'not a url' }, 'body.url'],
    ['an unknown kind', { kind: 'smoke-signal' }, 'body.kind'],
    ['a negative interval', { intervalSeconds: -5 }, 'body.intervalSeconds'],
    [
      'an unparseable assertion',
      { assertions: [{ jsonPath: 'a', matches: '([' }] },
      'body.assertions[0].matches',
    ],
    ['a field of another kind', { port: 80 }, 'body.port'],
    ['a bad status range', { expectedStatus: ['299-200'] }, 'body.expectedStatus[0]'],
  ];
  it.each(cases)('refuses %s naming the field, and stores nothing', async (_name, patch, field) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/monitors',
      headers: headers.operator,
      payload: { name: 'bad-one', kind: 'http', service: 'web', url: 'http://127.0.0.1:9/', ...patch },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    const stored = await app.inject({
      method: 'GET',
      url: '/api/monitors?name=bad-one',
      headers: headers.viewer,
    });
    expect(stored.json().items).toEqual([]);
  });
});

describe('searching monitors and the status summary', () => {
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: headers.viewer });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const names = async (url: string) =>
    (await get(url)).items.map((m: { monitor: string }) => m.monitor).sort();

  beforeAll(async () => {
    for (const name of ['Ledger-API', 'ledger_api-replica', 'ledger.share']) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/monitors',
        headers: headers.operator,
        payload: { name, kind: 'tcp', service: 'ledger', host: '127.0.0.1', port: 9, paused: true },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    await until('the ledger monitors in the read model', async () => {
      await monitoring.settle();
      return (await names('/api/status/monitors?service=ledger')).length === 3 ? true : undefined;
    });
  });

  it('finds monitors by a part of their name, ignoring case, with the other filters and paging', async () => {
    expect(await names('/api/status/monitors?q=LEDGER')).toEqual([
      'Ledger-API',
      'ledger.share',
      'ledger_api-replica',
    ]);
    expect(await names('/api/status/monitors?q=api')).toEqual(['Ledger-API', 'ledger_api-replica']);
    expect(await names('/api/status/monitors?q=_')).toEqual(['ledger_api-replica']);
    // LIKE's wildcards are taken literally: no monitor name holds a "%".
    expect(await names(`/api/status/monitors?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await names('/api/status/monitors?q=ledger&status=up')).toEqual([]);
    const first = await get('/api/status/monitors?q=ledger&limit=2');
    const rest = await get(`/api/status/monitors?q=ledger&limit=2&after=${first.next}`);
    expect(first.items).toHaveLength(2);
    expect(rest.items).toHaveLength(1);
    expect(rest.next).toBeNull();
  });

  it('refuses a search text over 100 characters, naming the parameter', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/status/monitors?q=${'a'.repeat(101)}`,
      headers: headers.viewer,
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('q');
  });

  it('counts monitors by status and services by worst status, as the lists say', async () => {
    const summary = await get('/api/status/summary');
    const monitors = (await get('/api/status/monitors?limit=1000')).items as Array<{ status: string }>;
    const services = (await get('/api/status/services?limit=1000')).services as Array<{ status: string }>;
    const count = (list: Array<{ status: string }>) => {
      const counts: Record<string, number> = { total: list.length };
      for (const status of ['up', 'down', 'degraded', 'unknown', 'paused'])
        counts[status] = list.filter((m) => m.status === status).length;
      return counts;
    };
    expect(summary).toEqual({ monitors: count(monitors), services: count(services) });
    expect(summary.services.paused).toBeGreaterThanOrEqual(1);
    const anonymous = await app.inject({ method: 'GET', url: '/api/status/summary' });
    expect(anonymous.statusCode).toBe(401);
  });
});
