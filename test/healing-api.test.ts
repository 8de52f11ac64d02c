import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { HealingEvents, remediationStream } from '../src/healing/index.js';
import { newId, silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { headersPerRole } from './support/auth.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let as: Awaited<ReturnType<typeof headersPerRole>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-api-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const server = await createVigiaServer({ store, logger: silentLogger(), version: 'test', healing: true });
  app = server.app;
  as = await headersPerRole(server.auth.tokens, 'healing');
});

afterAll(async () => {
  await app.close();
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
