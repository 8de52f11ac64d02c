import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { bearerPerRole, TEST_AUTH_SETTINGS } from './support/auth.js';
import { runVigia } from './support/run-cli.js';

let dir: string;
let store: SqliteEventStore;
let monitoring: MonitorService;
let app: FastifyInstance;
let web: SimulatedService;
let url: string;
let tokens: Record<'viewer' | 'operator' | 'admin', string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-cli-monitors-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  web = await startSimulatedService({ name: 'web', latencyMs: 0, jitterMs: 0, failureRate: 0 });
  monitoring = new MonitorService({ store, clock: systemClock, logger: silentLogger(), flushIntervalMs: 20 });
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    monitoring,
    authSettings: TEST_AUTH_SETTINGS,
  });
  app = server.app;
  const bearer = await bearerPerRole(server.auth.tokens, 'cli-monitors');
  tokens = {
    viewer: bearer.viewer.replace(/^Bearer /, ''),
    operator: bearer.operator.replace(/^Bearer /, ''),
    admin: bearer.admin.replace(/^Bearer /, ''),
  };
  await monitoring.start();
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await monitoring?.stop();
  await app?.close();
  await web?.stop();
  await closeHttpCheckAgent();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `vigia` against the test server as `role`. */
function vigia(args: string[], role: keyof typeof tokens = 'operator') {
  return runVigia(args, { VIGIA_URL: url, VIGIA_TOKEN: tokens[role], VIGIA_CONFIG: '' });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('vigia monitors', () => {
  let homeId: string;

  it('adds, lists, shows, pauses, resumes and checks monitors now, as tables and as JSON', async () => {
    const added = await vigia([
      'monitors',
      'add',
      '--name',
      'web-home',
      '--service',
      'web',
      '--url',
      `${web.url}/health`,
      '--interval',
      '300',
      '--label',
      'team=edge',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Added http monitor "web-home" of web \([0-9a-f-]{36}\)\.$/m);

    const file = path.join(dir, 'api.yaml');
    writeFileSync(
      file,
      'name: api-port\nkind: tcp\nservice: api\nhost: 127.0.0.1\nport: 1\nintervalSeconds: 600\n',
    );
    const fromFile = await vigia(['monitors', 'add', '--file', file, '--json']);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ name: 'api-port', kind: 'tcp', port: 1, version: 1 });

    const table = await vigia(['monitors', 'list'], 'viewer');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SERVICE\s+KIND\s+TARGET\s+INTERVAL\s+STATE\s+ID$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 3))).toEqual(
      expect.arrayContaining([
        ['web-home', 'web', 'http'],
        ['api-port', 'api', 'tcp'],
      ]),
    );
    expect(lines).toHaveLength(3);
    // Columns line up: every row's ID starts where the header's does.
    const idColumn = lines[0]!.indexOf('ID');
    for (const line of lines.slice(1)) expect(line.slice(idColumn)).toMatch(/^[0-9a-f-]{36}$/);

    const onlyWeb = JSON.parse((await vigia(['--json', 'monitors', 'list', '--service', 'web'])).stdout);
    expect(onlyWeb.items.map((m: { name: string }) => m.name)).toEqual(['web-home']);
    homeId = onlyWeb.items[0].id;
    expect(onlyWeb.items[0]).toMatchObject({ labels: { team: 'edge' }, intervalSeconds: 300 });

    const firstPage = await vigia(['monitors', 'list', '--limit', '1']);
    expect(firstPage.stdout).toMatch(/\(more: --after [0-9a-f-]{36}, or --all\)/);
    const everyPage = JSON.parse(
      (await vigia(['monitors', 'list', '--limit', '1', '--all', '--json'])).stdout,
    );
    expect(everyPage.next).toBeNull();
    expect(everyPage.items.map((m: { name: string }) => m.name).sort()).toEqual(['api-port', 'web-home']);

    await until('the monitor to be scheduled', () => monitoring.definition(homeId));
    const checked = await vigia(['monitors', 'check-now', 'web-home']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('Check of "web-home" queued');
    const shown = await until('the check in the status', async () => {
      await monitoring.settle();
      const run = await vigia(['--json', 'monitors', 'show', 'web-home'], 'viewer');
      const body = JSON.parse(run.stdout);
      return body.status?.checks >= 1 ? body : undefined;
    });
    expect(shown.monitor).toMatchObject({ id: homeId, name: 'web-home', url: `${web.url}/health` });
    expect(shown.status).toMatchObject({ monitorId: homeId, status: 'up', uptime: { '24h': 100 } });

    const human = await vigia(['monitors', 'show', homeId], 'viewer');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^name\s+web-home$/m);
    expect(human.stdout).toMatch(/^status\s+up since /m);
    expect(human.stdout).toMatch(/^uptime\s+24h 100%\s+7d 100%\s+30d 100%$/m);

    const paused = await vigia(['monitors', 'pause', 'web-home']);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toBe('Monitor "web-home" paused.\n');
    const again = await vigia(['--json', 'monitors', 'pause', homeId]);
    expect(JSON.parse(again.stdout)).toEqual({ id: homeId, version: 2, paused: true });
    await until('the pause to reach the scheduler', () =>
      monitoring.definition(homeId)?.paused ? true : undefined,
    );
    const pausedList = await until('the paused status', async () => {
      await monitoring.settle();
      const run = await vigia(['--json', 'monitors', 'list', '--status', 'paused']);
      const body = JSON.parse(run.stdout);
      return body.items.length ? body : undefined;
    });
    expect(pausedList.items).toEqual([expect.objectContaining({ monitorId: homeId, status: 'paused' })]);
    const notNow = await vigia(['monitors', 'check-now', 'web-home']);
    expect(notNow.code).toBe(6);
    expect(notNow.stderr).toContain('unknown or paused');

    const resumed = await vigia(['monitors', 'resume', 'web-home']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toBe('Monitor "web-home" resumed.\n');
    await until('the resume to reach the scheduler', () =>
      monitoring.definition(homeId)?.paused ? undefined : true,
    );
    expect((await vigia(['monitors', 'check-now', homeId])).code).toBe(0);
  }, 30_000);

  it('prints the fields the server refuses, and refuses a duplicate name', async () => {
    const noUrl = await vigia(['monitors', 'add', '--name', 'broken', '--service', 'web', '--interval', '2']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/^vigia: .*intervalSeconds.*\n$/);
    const asJson = await vigia(['--json', 'monitors', 'add', '--name', 'broken', '--service', 'web']);
    expect(asJson.code).toBe(2);
    const error = JSON.parse(asJson.stderr).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.errors).toEqual([expect.objectContaining({ field: 'body.url' })]);
    expect(error.message).toContain('url');

    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, '- name: a\n- name: b\n');
    const list = await vigia(['monitors', 'add', '--file', bad]);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('holds a list of 2; give one monitor document');
    const mixed = await vigia(['monitors', 'add', '--file', bad, '--name', 'x']);
    expect(mixed.stderr).toContain('Use either --file or flags, not both (got --file and --name)');
    expect((await vigia(['monitors', 'add', '--name', 'x', '--interval', 'soon'])).stderr).toContain(
      '--interval must be a whole number',
    );

    const duplicate = await vigia([
      'monitors',
      'add',
      '--name',
      'web-home',
      '--service',
      'web',
      '--url',
      web.url,
    ]);
    expect(duplicate.code).toBe(3);
    expect(duplicate.stderr).toBe('vigia: A monitor named "web-home" exists already\n');
    const stored = JSON.parse((await vigia(['--json', 'monitors', 'list', '--all'])).stdout);
    expect(stored.items.map((m: { name: string }) => m.name).sort()).toEqual(['api-port', 'web-home']);
  });

  it('says clearly when the monitor, the server or the token is missing, or the role is too small', async () => {
    const unknownId = await vigia(['monitors', 'show', '01900000-0000-7000-8000-000000000000']);
    expect(unknownId.code).toBe(6);
    expect(unknownId.stderr).toBe(
      'vigia: no monitor with the id or name "01900000-0000-7000-8000-000000000000" (see vigia monitors list)\n',
    );
    const unknownName = await vigia(['--json', 'monitors', 'pause', 'nope']);
    expect(unknownName.code).toBe(6);
    expect(JSON.parse(unknownName.stderr).error.code).toBe('NOT_FOUND');

    const closed = await startSimulatedService({ name: 'gone', latencyMs: 0, jitterMs: 0, failureRate: 0 });
    const goneUrl = closed.url;
    await closed.stop();
    const noServer = await runVigia(['monitors', 'list'], { VIGIA_URL: goneUrl, VIGIA_TOKEN: tokens.viewer });
    expect(noServer.code).toBe(4);
    expect(noServer.stderr).toBe(`vigia: no Vigia server at ${goneUrl} (is \`vigia up\` running?)\n`);

    const noToken = await runVigia(['monitors', 'list'], { VIGIA_URL: url, VIGIA_TOKEN: undefined });
    expect(noToken.code).toBe(5);
    expect(noToken.stderr).toContain('no API token: set VIGIA_TOKEN or pass --token-file');

    const wrongToken = await runVigia(['monitors', 'list'], { VIGIA_URL: url, VIGIA_TOKEN: 'vigia_wrong' });
    expect(wrongToken.code).toBe(5);
    expect(wrongToken.stderr).toContain('refused the API token');

    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, `${tokens.viewer}\n`);
    const fromFile = await runVigia(['monitors', 'list', '--token-file', tokenFile, '--server', url], {
      VIGIA_URL: undefined,
      VIGIA_TOKEN: undefined,
    });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain('web-home');

    const viewerAdds = await vigia(
      ['monitors', 'add', '--name', 'sneaky', '--service', 'web', '--url', web.url],
      'viewer',
    );
    expect(viewerAdds.code).toBe(5);
    expect(viewerAdds.stderr).toMatch(/^vigia: This needs the operator role; .* is viewer\n$/);
  });
});
