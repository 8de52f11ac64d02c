import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { HealingEvents, HealingReadModel, remediationStream } from '../src/healing/index.js';
import { RemediationStory } from '../src/healing/learn/remediation-story.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { bearerPerRole, TEST_AUTH_SETTINGS } from './support/auth.js';
import { runVigia } from './support/run-cli.js';

let dir: string;
let store: SqliteEventStore;
let readModel: HealingReadModel;
let app: FastifyInstance;
let url: string;
let tokens: Record<'viewer' | 'operator' | 'admin', string>;

/** Ids that sort in the order the stories are told, so "newest first" is the reverse of it. */
const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

async function tell(...stories: RemediationStory[]): Promise<void> {
  for (const story of stories) {
    await store.appendToStream(
      remediationStream(story.alertId),
      story.events.map((e) => ({ type: e.type, data: e.data, metadata: { correlationId: story.alertId } })),
    );
  }
  await readModel.waitUntilCaughtUp();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-cli-remediations-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  readModel = new HealingReadModel({ store });
  await readModel.start();
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    authSettings: TEST_AUTH_SETTINGS,
    healing: true,
    remediations: readModel.queries,
  });
  app = server.app;
  const bearer = await bearerPerRole(server.auth.tokens, 'cli-remediations');
  tokens = {
    viewer: bearer.viewer.replace(/^Bearer /, ''),
    operator: bearer.operator.replace(/^Bearer /, ''),
    admin: bearer.admin.replace(/^Bearer /, ''),
  };
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  const db = { ruleName: 'db-down', target: 'db' };
  await tell(
    new RemediationStory(id(1), db).planned(['restart', 'failover']).acted('restart').healed(90_000),
    new RemediationStory(id(2), { ruleName: 'api-down', target: 'api' })
      .planned(['restart'])
      .acted('restart')
      .notHealed(),
    new RemediationStory(id(3), db).planned(['ask-dba', 'failover']).add(HealingEvents.approvalRequested, {
      step: 'ask-dba',
      approvers: ['admin'],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
  );
});

afterAll(async () => {
  await app?.close();
  await readModel?.stop();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `vigia` against the test server as `role`. */
function vigia(args: string[], role: keyof typeof tokens = 'viewer') {
  return runVigia(args, { VIGIA_URL: url, VIGIA_TOKEN: tokens[role], VIGIA_CONFIG: '' });
}

describe('vigia remediations', () => {
  it('lists remediations as a table, newest first, and as JSON with the filters sent', async () => {
    const table = await vigia(['remediations', 'list']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ALERT\s+STATUS\s+RULE\s+TARGET\s+RUNBOOK\s+STEPS\s+STARTED\s+HEALED\s+NOTES$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 6))).toEqual([
      [id(3), 'awaiting_approval', 'db-down', 'db', 'heal-service', '1/2'],
      [id(2), 'not_healed', 'api-down', 'api', 'heal-service', '1/1'],
      [id(1), 'healed', 'db-down', 'db', 'heal-service', '1/2'],
    ]);
    expect(lines[3]).toMatch(/\s1m30s\s+-$/);
    expect(lines[2]).toMatch(/did not resolve/);

    const asJson = await vigia(['--json', 'remediations', 'list', '--rule', 'db-down', '--limit', '1']);
    expect(asJson.code, asJson.stderr).toBe(0);
    const page = JSON.parse(asJson.stdout);
    expect(page.remediations.map((r: { alertId: string }) => r.alertId)).toEqual([id(3)]);
    expect(page.next).toEqual(expect.any(String));
    const next = JSON.parse(
      (await vigia(['--json', 'remediations', 'list', '--rule', 'db-down', '--cursor', page.next])).stdout,
    );
    expect(next.remediations.map((r: { alertId: string }) => r.alertId)).toEqual([id(1)]);

    const none = await vigia(['remediations', 'list', '--status', 'escalated', '--target', 'db']);
    expect(none.stdout).toBe('No remediations.\n');
    const bad = await vigia(['remediations', 'list', '--status', 'burning']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^vigia: --status must be one of planned, acting, .*got "burning"\n$/);
    const badCursor = await vigia(['remediations', 'list', '--cursor', 'yesterday']);
    expect(badCursor.code).toBe(2);
    expect(badCursor.stderr).toContain('cursor');
  });

  it('shows a remediation with its steps, the approval it waits on, and its events', async () => {
    const shown = await vigia(['remediations', 'show', id(3)]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^status\s+awaiting_approval$/m);
    expect(shown.stdout).toMatch(/^waitingFor\s+approval of step "ask-dba" by admin until \d{4}-/m);
    expect(shown.stdout).toMatch(
      /\nSteps:\n {2}STEP\s+STATE\n {2}ask-dba\s+awaiting_approval\n {2}failover\s+pending\n/,
    );
    expect(shown.stdout).toMatch(/\nEvents:\n {2}AT\s+TYPE\s+ACTOR\s+DETAIL\n/);
    expect(shown.stdout).toContain('healing.approval_requested');

    const asJson = JSON.parse((await vigia(['--json', 'remediations', 'show', id(1)])).stdout);
    expect(asJson.remediation).toMatchObject({ status: 'healed', healedInMs: 90_000 });
    expect(asJson.events.map((e: { type: string }) => e.type)).toContain(HealingEvents.healed);

    const unknown = await vigia(['remediations', 'show', UNKNOWN_ID]);
    expect(unknown.code).toBe(6);
    const notAnId = await vigia(['remediations', 'show', 'db-down']);
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toContain('<alertId> must be an alert id');
  });

  it('answers an approval once, as a named approver only', async () => {
    const viewer = await vigia(['remediations', 'approve', id(3)]);
    expect(viewer.code).toBe(5);
    const operator = await vigia(['remediations', 'approve', id(3)], 'operator');
    expect(operator.code).toBe(5);
    expect(operator.stderr).toMatch(/Only admin may answer/);

    const approved = await vigia(['remediations', 'approve', id(3), '--comment', 'go ahead'], 'admin');
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toBe(`Approved step "ask-dba" of the remediation of alert ${id(3)}.\n`);
    const events = await store.readStream(remediationStream(id(3)));
    expect(events.at(-1)).toMatchObject({
      type: HealingEvents.approvalGranted,
      data: { comment: 'go ahead' },
    });

    const again = await vigia(['--json', 'remediations', 'reject', id(3)], 'admin');
    expect(again.code).toBe(3);
    expect(JSON.parse(again.stderr).error).toMatchObject({ code: 'CONFLICT' });
    const unknown = await vigia(['remediations', 'reject', UNKNOWN_ID], 'admin');
    expect(unknown.code).toBe(6);
  });

  it('prints per rule and step success rates', async () => {
    const table = await vigia(['remediations', 'stats']);
    expect(table.code, table.stderr).toBe(0);
    expect(
      table.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/)),
    ).toEqual([
      ['RULE', 'STEP', 'ATTEMPTS', 'SUCCESSES', 'RATE', 'MEDIAN-HEAL'],
      ['api-down', 'restart', '1', '0', '0%', '-'],
      ['db-down', 'restart', '1', '1', '100%', '1m30s'],
    ]);
    const one = JSON.parse((await vigia(['--json', 'remediations', 'stats', '--rule', 'api-down'])).stdout);
    expect(one.stats).toEqual([expect.objectContaining({ ruleName: 'api-down', attempts: 1, successes: 0 })]);
    const none = await vigia(['remediations', 'stats', '--rule', 'nope']);
    expect(none.stdout).toBe('No finished remediations to learn from yet.\n');
  });
});
