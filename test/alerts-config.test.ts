import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readServerConfig } from '../src/cli/monitor-config.js';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import {
  alertPreflight,
  ConfigReloader,
  checkConfigAlerts,
  createVigiaServer,
  syncConfigAlerts,
} from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';

let dir: string;
let file: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let reloader: ConfigReloader;
let headers: Awaited<ReturnType<typeof headersPerRole>>;

const receiver = { name: 'ops', kind: 'webhook', url: 'http://127.0.0.1:9/hook' };
const rule = {
  name: 'api-errors',
  severity: 'error',
  condition: { kind: 'threshold', series: 'error_rate', op: '>', threshold: 0.1 },
};

function writeConfig(alerts: Record<string, unknown>): void {
  writeFileSync(file, stringify({ logLevel: 'warn', alerts }));
}

async function names(kind: string): Promise<string[]> {
  const response = await app.inject({ url: `/api/${kind}?limit=100`, headers: headers.viewer });
  expect(response.statusCode).toBe(200);
  return (response.json().items as Array<{ name: string }>).map((i) => i.name).sort();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-alerts-config-'));
  file = path.join(dir, 'vigia.yaml');
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const server = await createVigiaServer({ store, logger: silentLogger(), version: 'test' });
  app = server.app;
  headers = await headersPerRole(server.auth.tokens, 'alerts-config');
  const preflight = alertPreflight(async () => new Set(['error_rate', 'cpu_percent']));
  reloader = new ConfigReloader({
    store,
    logger: silentLogger(),
    readConfig: () => readServerConfig({ config: file, dataDir: dir }),
    resources: server.resources,
    definition: server.monitors,
    alerts: {
      check: (lists) => checkConfigAlerts(server.resources, server.configDefinitions, lists, preflight),
      sync: (lists, source) =>
        syncConfigAlerts(server.resources, server.configDefinitions, lists, source, preflight),
    },
  });
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alerting definitions as code', () => {
  it('applies the file with the default rules, and marks what it owns', async () => {
    writeConfig({ receivers: [receiver], routes: [{ name: 'all', receivers: ['ops'] }], rules: [rule] });
    const outcome = await reloader.reload('start');
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    expect(await names('alert-rules')).toEqual([
      'api-errors',
      'default-high-cpu',
      'default-service-unavailable',
      'default-slow-response',
    ]);
    const routes = (await app.inject({ url: '/api/alert-routes', headers: headers.viewer })).json().items;
    expect(routes[0]).toMatchObject({ name: 'all', managedBy: 'config', priority: 10 });
  });

  it('refuses API changes to definitions from the file', async () => {
    const [stored] = (
      await app.inject({ url: '/api/alert-rules?name=api-errors', headers: headers.viewer })
    ).json().items;
    const response = await app.inject({
      method: 'DELETE',
      url: `/api/alert-rules/${stored.id}`,
      headers: { ...headers.operator, 'if-match': `"${stored.version}"` },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('MANAGED_BY_CONFIG');
  });

  it('a reload with one bad entry changes nothing and names it', async () => {
    writeConfig({
      defaultRules: { highCpu: false },
      receivers: [receiver],
      routes: [{ name: 'all', receivers: ['nobody'] }],
      rules: [rule, { ...rule, name: 'broken', for: 'soon' }],
    });
    const outcome = await reloader.reload('api');
    expect(outcome.ok).toBe(false);
    const fields = outcome.ok ? [] : outcome.errors.map((e) => e.field);
    expect(fields).toContain('alerts.routes[0].receivers[0]');
    expect(fields).toContain('alerts.rules[1].for');
    expect(await names('alert-rules')).toContain('default-high-cpu');
    expect(await names('alert-rules')).not.toContain('broken');
  });

  it('a good reload removes what the file no longer lists, default rules turned off included', async () => {
    writeConfig({ defaultRules: { highCpu: false, slowResponse: false }, receivers: [receiver], rules: [] });
    const outcome = await reloader.reload('signal');
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    expect(await names('alert-rules')).toEqual(['default-service-unavailable']);
    expect(await names('alert-routes')).toEqual([]);
  });
});
