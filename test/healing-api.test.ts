import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { HealingEvents, HealingReadModel, remediationStream } from '../src/healing/index.js';
import { RemediationStory } from '../src/healing/learn/remediation-story.js';
import { newId, silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let readModel: HealingReadModel;
let as: Awaited<ReturnType<typeof headersPerRole>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-api-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  readModel = new HealingReadModel({ store });
  await readModel.start();
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    healing: true,
    remediations: readModel.queries,
  });
  app = server.app;
  as = await headersPerRole(server.auth.tokens, 'healing');
});

afterAll(async () => {
  await app.close();
  await readModel.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('healing API', () => {
  it('records a change marker and refuses a bad one naming the field', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/api/changes',
      headers: as.operator,
      payload: { kind: 'deploy', service: 'api', description: 'api v2.3.1' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'deploy', service: 'api' });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/changes',
      headers: as.operator,
      payload: { kind: 'restart', description: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('kind');
  });

  it('answers an approval once, only for a named approver', async () => {
    const alertId = newId();
    const unknown = await app.inject({ url: `/api/remediations/${alertId}`, headers: as.viewer });
    expect(unknown.statusCode).toBe(404);
    await store.appendToStream(remediationStream(alertId), [
      {
        type: HealingEvents.approvalRequested,
        data: {
          alertId,
          step: 'restart-db',
          approvers: ['admin'],
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        },
      },
    ]);
    const shown = await app.inject({ url: `/api/remediations/${alertId}`, headers: as.viewer });
    expect(shown.json().pendingApproval).toMatchObject({ step: 'restart-db', approvers: ['admin'] });
    const operator = await app.inject({
      method: 'POST',
      url: `/api/remediations/${alertId}/approve`,
      headers: as.operator,
    });
    expect(operator.statusCode).toBe(403);
    const admin = await app.inject({
      method: 'POST',
      url: `/api/remediations/${alertId}/approve`,
      headers: as.admin,
      payload: { comment: 'go' },
    });
    expect(admin.statusCode, admin.body).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: `/api/remediations/${alertId}/reject`,
      headers: as.admin,
    });
    expect(again.statusCode).toBe(409);
    const types = (await store.readStream(remediationStream(alertId))).map((e) => e.type);
    expect(types).toEqual([HealingEvents.approvalRequested, HealingEvents.approvalGranted]);
  });
});

/** Ids that sort in the order the stories are told. */
const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

async function tell(...stories: RemediationStory[]): Promise<void> {
  for (const story of stories) {
    await store.appendToStream(
      remediationStream(story.alertId),
      story.events.map((e) => ({ type: e.type, data: e.data, metadata: { correlationId: story.alertId } })),
    );
  }
  await readModel.waitUntilCaughtUp();
}

describe('remediation history API', () => {
  beforeAll(async () => {
    const db = { ruleName: 'db-down', target: 'db' };
    await tell(
      new RemediationStory(id(101), db).planned(['restart', 'failover']).acted('restart').healed(20_000),
      new RemediationStory(id(102), db)
        .planned(['restart', 'failover'])
        .acted('restart', 'failed')
        .acted('failover')
        .healed(60_000),
      new RemediationStory(id(103), { ruleName: 'api-down', target: 'api' })
        .planned(['restart'])
        .acted('restart')
        .notHealed(),
    );
  });

  it('lists remediations newest first, filtered, a page at a time', async () => {
    const all = await app.inject({ url: '/api/remediations', headers: as.viewer });
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json();
    expect(body.next).toBeNull();
    expect(body.remediations.map((r: { alertId: string }) => r.alertId)).toEqual([id(103), id(102), id(101)]);
    expect(body.remediations[1]).toMatchObject({
      ruleName: 'db-down',
      target: 'db',
      status: 'healed',
      healedInMs: 60_000,
      steps: [
        { name: 'restart', state: 'failed' },
        { name: 'failover', state: 'succeeded' },
      ],
    });

    const page = (
      await app.inject({ url: '/api/remediations?rule=db-down&limit=1', headers: as.viewer })
    ).json();
    expect(page.remediations.map((r: { alertId: string }) => r.alertId)).toEqual([id(102)]);
    const next = await app.inject({
      url: `/api/remediations?rule=db-down&limit=1&cursor=${encodeURIComponent(page.next)}`,
      headers: as.viewer,
    });
    expect(next.json()).toEqual({
      remediations: [expect.objectContaining({ alertId: id(101) })],
      next: null,
    });

    const escalated = await app.inject({
      url: '/api/remediations?status=not_healed&target=api',
      headers: as.viewer,
    });
    expect(escalated.json().remediations.map((r: { alertId: string }) => r.alertId)).toEqual([id(103)]);
    const anonymous = await app.inject({ url: '/api/remediations' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a bad query with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['status=burning', 'querystring.status'],
      ['limit=0', 'querystring.limit'],
      ['limit=501', 'querystring.limit'],
      ['limit=ten', 'querystring.limit'],
      ['cursor=yesterday', 'querystring.cursor'],
      ['rule=', 'querystring.rule'],
      ['colour=red', 'querystring.colour'],
    ];
    for (const [query, field] of cases) {
      const response = await app.inject({ url: `/api/remediations?${query}`, headers: as.viewer });
      expect(response.statusCode, query).toBe(400);
      expect(
        response.json().errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    }
    const stats = await app.inject({ url: '/api/healing/stats?rule=', headers: as.viewer });
    expect(stats.statusCode).toBe(400);
    expect(stats.json().errors[0].field).toBe('querystring.rule');
  });

  it('gives per rule and step success rates and median time to heal', async () => {
    const all = await app.inject({ url: '/api/healing/stats', headers: as.viewer });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({
      stats: [
        {
          ruleName: 'api-down',
          step: 'restart',
          attempts: 1,
          successes: 0,
          successRate: 0,
          medianHealMs: null,
        },
        {
          ruleName: 'db-down',
          step: 'failover',
          attempts: 1,
          successes: 1,
          successRate: 1,
          medianHealMs: 60_000,
        },
        {
          ruleName: 'db-down',
          step: 'restart',
          attempts: 2,
          successes: 1,
          successRate: 0.5,
          medianHealMs: 20_000,
        },
      ],
    });
    const one = await app.inject({ url: '/api/healing/stats?rule=api-down', headers: as.viewer });
    expect(one.json().stats.map((s: { ruleName: string }) => s.ruleName)).toEqual(['api-down']);
  });

  it("adds the remediation's row to its chain", async () => {
    const chain = await app.inject({ url: `/api/remediations/${id(102)}`, headers: as.viewer });
    expect(chain.statusCode, chain.body).toBe(200);
    expect(chain.json().remediation).toMatchObject({ alertId: id(102), status: 'healed' });
    expect(chain.json().events.length).toBeGreaterThan(3);
  });

  it('answers 503 saying why on a server without the read model', async () => {
    const bareStore = SqliteEventStore.open({ file: path.join(dir, 'bare.db') });
    const bare = await createVigiaServer({ store: bareStore, logger: silentLogger(), version: 'test' });
    try {
      const viewer = (await headersPerRole(bare.auth.tokens, 'bare')).viewer;
      for (const url of ['/api/remediations', '/api/healing/stats']) {
        const response = await bare.app.inject({ url, headers: viewer });
        expect(response.statusCode, url).toBe(503);
        expect(response.json()).toMatchObject({
          code: 'UNAVAILABLE',
          detail: expect.stringMatching(/read model/),
        });
      }
    } finally {
      await bare.app.close();
      await bareStore.close();
    }
  });
});
