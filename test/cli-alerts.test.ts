import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertService } from '../src/alerts/index.js';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import { MetricsService } from '../src/monitor/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { bearerPerRole, TEST_AUTH_SETTINGS } from './support/auth.js';
import { runVigia } from './support/run-cli.js';

let dir: string;
let store: SqliteEventStore;
let metrics: MetricsService;
let alerting: AlertService;
let app: FastifyInstance;
let url: string;
let bearer: Record<'viewer' | 'operator' | 'admin', string>;
let tokens: Record<'viewer' | 'operator' | 'admin', string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-cli-alerts-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  metrics = new MetricsService({ store, clock: systemClock, logger: silentLogger(), flushIntervalMs: 20 });
  await metrics.start();
  alerting = new AlertService({
    store,
    settings: {
      root: {
        receivers: [],
        groupBy: ['alertname', 'service'],
        groupWaitMs: 0,
        groupIntervalMs: 60_000,
        repeatIntervalMs: 3_600_000,
      },
      notifyRecovered: true,
      inhibitByDependency: true,
    },
  });
  await alerting.start();
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    authSettings: TEST_AUTH_SETTINGS,
    metricsService: { service: metrics },
    alerting,
  });
  app = server.app;
  bearer = await bearerPerRole(server.auth.tokens, 'cli-alerts');
  tokens = {
    viewer: bearer.viewer.replace(/^Bearer /, ''),
    operator: bearer.operator.replace(/^Bearer /, ''),
    admin: bearer.admin.replace(/^Bearer /, ''),
  };
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await alerting?.stop();
  await metrics?.stop();
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `vigia` against the test server as `role`. */
function vigia(args: string[], role: keyof typeof tokens = 'operator') {
  return runVigia(args, { VIGIA_URL: url, VIGIA_TOKEN: tokens[role], VIGIA_CONFIG: '' });
}

/** Calls the API directly (to set up what the CLI then reads). */
async function api(method: 'GET' | 'POST', route: string, payload?: Record<string, unknown>) {
  const response = await app.inject({
    method,
    url: route,
    headers: { authorization: bearer.operator },
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.body === '' ? undefined : response.json() };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function pushCpu(value: number): Promise<void> {
  const pushed = await api('POST', '/api/metrics', {
    samples: [{ name: 'cpu_percent', value, labels: { service: 'api' } }],
  });
  expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
  expect(pushed.body).toEqual({ accepted: 1, rejected: [] });
  await metrics.settle();
}

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';
let alertId: string;

describe('vigia alerts, silences and rules', () => {
  it('sets up a firing alert through the API', async () => {
    await pushCpu(93);
    const rule = await api('POST', '/api/alert-rules', {
      name: 'cpu-high',
      severity: 'critical',
      for: '0s',
      condition: { kind: 'threshold', series: 'cpu_percent', op: '>', threshold: 90 },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    await pushCpu(95);
    const firing = await until('the alert to fire', async () => {
      await alerting.waitUntilCaughtUp();
      const page = await api('GET', '/api/alerts?state=firing');
      return page.body?.alerts?.[0];
    });
    expect(firing).toMatchObject({
      ruleName: 'cpu-high',
      service: 'api',
      state: 'firing',
      severity: 'critical',
    });
    alertId = firing.alertId;
  }, 30_000);

  it('lists alerts as a table with the full id, and as JSON with the filters sent', async () => {
    const table = await vigia(['alerts', 'list'], 'viewer');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATE\s+SEVERITY\s+RULE\s+SERVICE\s+SINCE\s+VALUE\s+NOTES$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.split(/\s+/)).toEqual([
      alertId,
      'firing',
      'critical',
      'cpu-high',
      'api',
      expect.any(String),
      expect.any(String),
      '-',
    ]);
    expect(lines[1]!.split(/\s+/)[5]).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const asJson = await vigia(
      ['--json', 'alerts', 'list', '--state', 'firing', '--match', 'service="api"'],
      'viewer',
    );
    expect(asJson.code, asJson.stderr).toBe(0);
    const page = JSON.parse(asJson.stdout);
    expect(page.next).toBeNull();
    expect(page.alerts).toEqual([
      expect.objectContaining({ alertId, labels: expect.objectContaining({ service: 'api' }) }),
    ]);

    const none = await vigia(
      ['--json', 'alerts', 'list', '--service', 'web', '--severity', 'critical'],
      'viewer',
    );
    expect(JSON.parse(none.stdout)).toEqual({ alerts: [], next: null });
    const noneTable = await vigia(['alerts', 'list', '--rule', 'nope'], 'viewer');
    expect(noneTable.stdout).toBe('No active alerts.\n');

    const badState = await vigia(['alerts', 'list', '--state', 'burning'], 'viewer');
    expect(badState.code).toBe(2);
    expect(badState.stderr).toBe(
      'vigia: --state must be one of active, pending, firing, resolved, all, got "burning"\n',
    );
    const badMatch = await vigia(['alerts', 'list', '--match', 'service=api'], 'viewer');
    expect(badMatch.code).toBe(2);
    expect(badMatch.stderr).toContain('match[0]');
  });

  it('shows an alert with its annotations and timeline', async () => {
    const human = await vigia(['alerts', 'show', alertId], 'viewer');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^id\\s+${alertId}$`, 'm'));
    expect(human.stdout).toMatch(/^state\s+firing$/m);
    expect(human.stdout).toMatch(/^rule\s+cpu-high \([0-9a-f-]{36}\)$/m);
    expect(human.stdout).toMatch(/^labels\s+.*service="api"/m);
    expect(human.stdout).toContain('\nAnnotations:\n');
    expect(human.stdout).toMatch(/\nTimeline:\n {2}AT\s+TYPE\s+ACTOR\s+DETAIL\n/);

    const asJson = JSON.parse((await vigia(['--json', 'alerts', 'show', alertId], 'viewer')).stdout);
    expect(asJson).toMatchObject({ alertId, state: 'firing' });
    expect(asJson.timeline.length).toBeGreaterThan(0);
    const positions = asJson.timeline.map((e: { position: number }) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const unknown = await vigia(['alerts', 'show', UNKNOWN_ID], 'viewer');
    expect(unknown.code).toBe(6);
    expect(unknown.stderr).toBe(`vigia: Alert ${UNKNOWN_ID} does not exist\n`);
    const notAnId = await vigia(['alerts', 'show', 'cpu-high'], 'viewer');
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toContain('<id> must be an alert id');
  });

  it('acknowledges once (again is a conflict), unacknowledges, and says when the alert is unknown', async () => {
    const acked = await vigia(['alerts', 'ack', alertId, '--comment', 'looking into it']);
    expect(acked.code, acked.stderr).toBe(0);
    expect(acked.stdout).toBe(`Acknowledged alert ${alertId} (cpu-high, api).\n`);

    const again = await vigia(['alerts', 'ack', alertId]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(new RegExp(`^vigia: Alert ${alertId} is already acknowledged by .+\\n$`));
    const againJson = await vigia(['--json', 'alerts', 'ack', alertId]);
    expect(againJson.code).toBe(3);
    expect(JSON.parse(againJson.stderr).error).toMatchObject({ code: 'CONFLICT', details: { status: 409 } });

    const listed = await vigia(['alerts', 'list'], 'viewer');
    expect(listed.stdout).toMatch(/acked by \S+/);
    const shown = await vigia(['alerts', 'show', alertId], 'viewer');
    expect(shown.stdout).toMatch(/^acknowledged\s+by \S+ at \d{4}-/m);
    const timeline = JSON.parse(
      (await vigia(['--json', 'alerts', 'show', alertId], 'viewer')).stdout,
    ).timeline;
    expect(timeline.map((e: { type: string }) => e.type).join(' ')).toMatch(/acknowledged/i);

    const viewer = await vigia(['alerts', 'unack', alertId], 'viewer');
    expect(viewer.code).toBe(5);
    expect(viewer.stderr).toMatch(/This needs the operator role/);

    const unacked = await vigia(['--json', 'alerts', 'unack', alertId]);
    expect(unacked.code, unacked.stderr).toBe(0);
    expect(JSON.parse(unacked.stdout)).toMatchObject({ alertId, acknowledged: null });
    const unackAgain = await vigia(['alerts', 'unack', alertId]);
    expect(unackAgain.code).toBe(3);
    expect(unackAgain.stderr).toBe(`vigia: Alert ${alertId} is not acknowledged\n`);

    const unknown = await vigia(['alerts', 'ack', UNKNOWN_ID]);
    expect(unknown.code).toBe(6);
    expect(unknown.stderr).toBe(`vigia: Alert ${UNKNOWN_ID} does not exist\n`);
  });

  it('adds, lists and expires silences, and refuses one that would mute everything', async () => {
    const added = await vigia([
      'silences',
      'add',
      '--match',
      'service="api"',
      '--match',
      'severity=~"critical|error"',
      '--duration',
      '2h',
      '--comment',
      'deploying api 4.2',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const id = /^Added silence ([0-9a-f-]{36}): /.exec(added.stdout)?.[1];
    expect(id, added.stdout).toBeDefined();
    await until('the alert to be silenced', async () => {
      await alerting.waitUntilCaughtUp();
      const page = await api('GET', '/api/alerts');
      return page.body.alerts[0]?.silencedBy.includes(id) ? true : undefined;
    });
    const muted = await vigia(['alerts', 'list'], 'viewer');
    expect(muted.stdout).toMatch(new RegExp(`^${alertId}\\s+firing\\s+.*\\ssilenced$`, 'm'));

    const later = new Date(Date.now() + 3_600_000).toISOString();
    const fromFlags = await vigia([
      '--json',
      'silences',
      'add',
      '--match',
      'service="db"',
      '--starts-at',
      new Date(Date.now() + 60_000).toISOString(),
      '--ends-at',
      later,
      '--comment',
      'db migration',
    ]);
    expect(fromFlags.code, fromFlags.stderr).toBe(0);
    const pending = JSON.parse(fromFlags.stdout);
    expect(pending).toMatchObject({
      matchers: ['service="db"'],
      endsAt: later,
      comment: 'db migration',
      version: 1,
    });
    expect(pending.createdBy).toEqual(expect.any(String));

    const table = await vigia(['silences', 'list'], 'viewer');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATE\s+MATCHERS\s+ENDS\s+BY\s+COMMENT$/);
    expect(lines).toHaveLength(3);
    expect(table.stdout).toMatch(
      new RegExp(`^${id}\\s+active\\s+service="api", severity=~"critical\\|error"\\s+`, 'm'),
    );
    expect(table.stdout).toMatch(
      new RegExp(`^${pending.id}\\s+pending\\s+service="db"\\s+.*db migration$`, 'm'),
    );

    const expired = await vigia(['silences', 'expire', id!]);
    expect(expired.code, expired.stderr).toBe(0);
    expect(expired.stdout).toMatch(new RegExp(`^Silence ${id} expired at \\d{4}-`));
    const again = await vigia(['silences', 'expire', id!]);
    expect(again.code).toBe(3);
    expect(again.stderr).toBe(`vigia: Silence ${id} has ended already\n`);
    const unknown = await vigia(['silences', 'expire', UNKNOWN_ID]);
    expect(unknown.code).toBe(6);

    const current = JSON.parse((await vigia(['--json', 'silences', 'list'], 'viewer')).stdout);
    expect(current.items.map((s: { id: string }) => s.id)).toEqual([pending.id]);
    const all = await vigia(['silences', 'list', '--all'], 'viewer');
    expect(all.stdout).toMatch(new RegExp(`^${id}\\s+expired\\s+`, 'm'));

    const everything = await vigia([
      'silences',
      'add',
      '--match',
      'service=~".*"',
      '--duration',
      '1h',
      '--comment',
      'mute it all',
    ]);
    expect(everything.code).toBe(2);
    expect(everything.stderr).toMatch(/^vigia: .*matchers.*match every alert/);
    const everythingJson = await vigia([
      '--json',
      'silences',
      'add',
      '--match',
      'service=~".*"',
      '--duration',
      '1h',
      '--comment',
      'mute it all',
    ]);
    expect(JSON.parse(everythingJson.stderr).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [expect.objectContaining({ field: 'body.matchers' })] },
    });

    const cases: Array<[string[], RegExp]> = [
      [['silences', 'add', '--duration', '1h', '--comment', 'x'], /Give at least one --match/],
      [
        ['silences', 'add', '--match', 'a="b"', '--comment', 'x'],
        /exactly one of --duration .* or --ends-at/,
      ],
      [['silences', 'add', '--match', 'a="b"', '--duration', '1h'], /Give --comment/],
      [
        ['silences', 'add', '--match', 'a="b"', '--ends-at', 'tonight', '--comment', 'x'],
        /--ends-at must be an ISO-8601/,
      ],
      [['silences', 'add', '--match', 'a="b"', '--duration', 'soon', '--comment', 'x'], /duration/],
      [['silences', 'expire', 'abc'], /<id> must be a silence id/],
    ];
    for (const [args, message] of cases) {
      const run = await vigia(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('lists rules, and dry-runs one by name and from a file', async () => {
    const table = await vigia(['rules', 'list'], 'viewer');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SEVERITY\s+KIND\s+SERIES\s+FOR\s+ENABLED\s+FROM$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/))).toEqual([
      ['cpu-high', 'critical', 'threshold', 'cpu_percent', '0s', 'yes', 'api'],
    ]);
    const asJson = JSON.parse((await vigia(['--json', 'rules', 'list'], 'viewer')).stdout);
    expect(asJson.items).toEqual([
      expect.objectContaining({ name: 'cpu-high', condition: expect.any(Object) }),
    ]);

    const byName = await vigia(['rules', 'test', 'cpu-high', '--from', '1h', '--step', '5s']);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toMatch(
      /^Rule "cpu-high" would have fired 1 time over 2 samples in 1 series \(from \S+ to \S+\)\.\n\nAT\s+TYPE\s+LABELS\s+VALUE\n/,
    );
    expect(byName.stdout).toMatch(/^\S+\s+fired\s+service="api"\s+9\d$/m);

    const file = path.join(dir, 'rule.yaml');
    writeFileSync(
      file,
      'name: cpu-warm\nseverity: warning\nfor: 0s\ncondition:\n  kind: threshold\n  series: cpu_percent\n  op: ">"\n  threshold: 94\n',
    );
    const fromFile = await vigia([
      '--json',
      'rules',
      'test',
      '--file',
      file,
      '--from',
      new Date(Date.now() - 3_600_000).toISOString(),
    ]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const result = JSON.parse(fromFile.stdout);
    expect(result).toMatchObject({ rule: 'cpu-warm', samples: 2, series: 1, fired: 1, truncated: false });
    expect(result.transitions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'fired',
          value: 95,
          labels: expect.objectContaining({ service: 'api' }),
        }),
      ]),
    );
  });

  it('names the file and the problem when a rule file or the range is wrong', async () => {
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'name: cpu\ncondition: [unclosed\n');
    const notYaml = await vigia(['rules', 'test', '--file', broken, '--from', '1h']);
    expect(notYaml.code).toBe(2);
    expect(notYaml.stderr).toMatch(new RegExp(`^vigia: --file: ${broken} is not valid YAML or JSON: `));

    const list = path.join(dir, 'list.yaml');
    writeFileSync(list, '- name: a\n- name: b\n');
    const listRun = await vigia(['rules', 'test', '--file', list, '--from', '1h']);
    expect(listRun.code).toBe(2);
    expect(listRun.stderr).toContain(`${list} holds a list of 2; give one alert rule document`);

    const missing = await vigia(['rules', 'test', '--file', path.join(dir, 'nope.yaml'), '--from', '1h']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--file: cannot read .*nope\.yaml/);

    const invalid = path.join(dir, 'invalid.yaml');
    writeFileSync(
      invalid,
      'name: cpu-odd\nseverity: loud\ncondition:\n  kind: threshold\n  series: cpu_percent\n  op: "=>"\n  threshold: 1\n',
    );
    const refused = await vigia(['rules', 'test', '--file', invalid, '--from', '1h']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(`^vigia: ${invalid}: the rule is invalid: .*severity: .*condition\\.op: `),
    );

    const cases: Array<[string[], RegExp]> = [
      [['rules', 'test', '--from', '1h'], /Give a rule name/],
      [
        ['rules', 'test', 'cpu-high', '--file', invalid, '--from', '1h'],
        /either a rule name or --file, not both/,
      ],
      [
        ['rules', 'test', 'cpu-high', '--from', 'yesterday'],
        /--from must be an ISO-8601 time .* or a duration/,
      ],
      [['rules', 'test', 'cpu-high', '--from', '1h', '--step', 'often'], /--step must be a duration/],
      [['rules', 'test', 'cpu-high'], /required option '--from <time>'/],
      [['rules', 'test', 'cpu-high', '--from', '40d'], /31 days/],
    ];
    for (const [args, message] of cases) {
      const run = await vigia(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const unknown = await vigia(['rules', 'test', 'nope', '--from', '1h']);
    expect(unknown.code).toBe(6);
    expect(unknown.stderr).toBe('vigia: no alert rule named "nope" (see vigia rules list)\n');
  });
});
