import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readMonitorConfig } from '../src/cli/monitor-config.js';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import { closeHttpCheckAgent, MonitorService } from '../src/monitor/index.js';
import {
  CONFIG_RELOAD_STREAM,
  ConfigReloader,
  createVigiaServer,
  MANAGED_BY_LABEL,
} from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';

const SECRET = 'Bearer topsecret-header-value';
let dir: string;
let file: string;
let store: SqliteEventStore;
let monitoring: MonitorService;
let app: FastifyInstance;
let reloader: ConfigReloader;
let headers: Record<'viewer' | 'operator' | 'admin', { authorization: string }>;

const beat = { name: 'nightly-backup', kind: 'heartbeat', service: 'backup', intervalSeconds: 3600 };
const api = {
  name: 'api-health',
  kind: 'http',
  service: 'api',
  url: 'http://127.0.0.1:9/health',
  intervalSeconds: 3600,
  headers: { authorization: SECRET },
};

function writeConfig(monitors: unknown[]): void {
  writeFileSync(file, stringify({ logLevel: 'warn', monitors }));
}

async function until<T>(what: string, probe: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function monitorsByName(): Promise<Map<string, { id: string; version: number; paused?: boolean }>> {
  const response = await app.inject({ method: 'GET', url: '/api/monitors', headers: headers.viewer });
  expect(response.statusCode).toBe(200);
  const items = response.json().items as Array<{
    id: string;
    name: string;
    version: number;
    paused?: boolean;
  }>;
  return new Map(items.map((m) => [m.name, m]));
}

const reload = (who: keyof typeof headers) =>
  app.inject({ method: 'POST', url: '/api/config/reload', headers: headers[who] });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-config-reload-'));
  file = path.join(dir, 'vigia.yaml');
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  monitoring = new MonitorService({ store, clock: systemClock, logger: silentLogger(), flushIntervalMs: 20 });
  // As `vigia up` wires it: the route calls the reloader, which the CLI layer builds over the server.
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    monitoring,
    reloadConfig: (metadata) => reloader.reload('api', metadata),
  });
  reloader = new ConfigReloader({
    store,
    logger: silentLogger(),
    readConfig: () => readMonitorConfig({ config: file }),
    resources: server.resources,
    definition: server.monitors,
  });
  app = server.app;
  headers = await headersPerRole(server.auth.tokens, 'config');
  await monitoring.start();
  await app.ready();
});

afterAll(async () => {
  await monitoring?.stop();
  await app?.close();
  await closeHttpCheckAgent();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/config/reload', () => {
  it('is for admins only', async () => {
    writeConfig([beat]);
    expect((await reload('operator')).statusCode).toBe(403);
    expect((await reload('viewer')).statusCode).toBe(403);
    expect(await monitorsByName()).toEqual(new Map());
  });

  it('applies the file and answers with what changed; the monitor module runs the new monitors', async () => {
    writeConfig([beat, api]);
    const response = await reload('admin');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      file,
      created: ['nightly-backup', 'api-health'],
      updated: [],
      deleted: [],
      unchanged: 0,
    });
    const stored = await monitorsByName();
    await until('the monitor module to run both', () =>
      [...stored.values()].every((m) => monitoring.definition(m.id)),
    );
    const again = await reload('admin');
    expect(again.json()).toMatchObject({ created: [], updated: [], deleted: [], unchanged: 2 });
  });

  it('answers 422 naming each wrong field, and keeps the running monitors', async () => {
    const before = await monitorsByName();
    writeConfig([
      { ...beat, intervalSeconds: 60 },
      { ...api, url: 'gopher://127.0.0.1/' },
      { ...beat, name: 'twice', kind: 'ping' },
    ]);
    const response = await reload('admin');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status: 422, code: 'CONFIG_INVALID' });
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([
      'monitors[1].url',
      'monitors[2].kind',
    ]);
    expect(problem.errors[0].message).toContain('http:// or https://');
    expect(await monitorsByName()).toEqual(before);
    for (const m of before.values()) expect(monitoring.definition(m.id)).toBeDefined();
    expect(monitoring.definition(before.get('nightly-backup')!.id)?.intervalSeconds).toBe(3600);
  });

  it('answers 422 for a file that is not YAML, without quoting it', async () => {
    writeFileSync(file, `monitors:\n  - name: [unclosed\n    headers: {authorization: "${SECRET}"}\n`);
    const response = await reload('admin');
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { field: 'config', message: expect.stringContaining('is not valid YAML') },
    ]);
    expect(response.body).not.toContain('topsecret');
  });
});

describe('a reload on SIGHUP (the reload function called directly)', () => {
  it('with a bad entry keeps the running monitors, and records the outcome without secrets', async () => {
    writeConfig([beat, api]);
    expect((await reloader.reload('signal', { actor: 'system:sighup' })).ok).toBe(true);
    const before = await monitorsByName();
    writeConfig([beat, { ...api, intervalSeconds: -1 }]);
    const outcome = await reloader.reload('signal', { actor: 'system:sighup' });
    expect(outcome).toMatchObject({
      ok: false,
      file,
      errors: [{ field: 'monitors[1].intervalSeconds', index: 1, name: 'api-health' }],
    });
    expect(await monitorsByName()).toEqual(before);
    for (const m of before.values()) expect(monitoring.definition(m.id)).toBeDefined();

    const recorded = await store.readStream(CONFIG_RELOAD_STREAM, { direction: 'backward', maxCount: 2 });
    expect(recorded.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['config.reload_failed', 'system:sighup'],
      ['config.reload_succeeded', 'system:sighup'],
    ]);
    expect(recorded[0]!.data).toMatchObject({ trigger: 'signal', file, errorCount: 1 });
    expect(recorded[1]!.data).toMatchObject({ counts: { unchanged: 2 } });
    expect(JSON.stringify(recorded)).not.toContain('topsecret');
  });
});

describe('API writes to monitors from the file', () => {
  it('are refused with 409 MANAGED_BY_CONFIG, except pause and resume, which a reload keeps', async () => {
    writeConfig([beat, api]);
    expect((await reload('admin')).statusCode).toBe(200);
    const current = (await monitorsByName()).get('api-health')!;
    const got = await app.inject({
      method: 'GET',
      url: `/api/monitors/${current.id}`,
      headers: headers.viewer,
    });
    const { id: _id, version, createdAt: _c, updatedAt: _u, ...doc } = got.json();
    expect(doc.labels[MANAGED_BY_LABEL]).toBe('config');

    const put = await app.inject({
      method: 'PUT',
      url: `/api/monitors/${current.id}`,
      headers: { ...headers.operator, 'if-match': `"${version}"` },
      payload: { ...doc, url: 'http://127.0.0.1:10/' },
    });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ code: 'MANAGED_BY_CONFIG', detail: expect.stringContaining(file) });
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/monitors/${current.id}`,
      headers: headers.operator,
    });
    expect(removed.statusCode).toBe(409);

    const pause = await app.inject({
      method: 'POST',
      url: `/api/monitors/${current.id}/pause`,
      headers: headers.operator,
    });
    expect(pause.statusCode, pause.body).toBe(200);
    expect((await reload('admin')).json()).toMatchObject({ updated: [], unchanged: 2 });
    expect((await monitorsByName()).get('api-health')?.paused).toBe(true);
  });
});
