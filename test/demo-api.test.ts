import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { DEMO_STREAM } from '../src/server/routes/demo.js';
import { headersPerRole } from './support/auth.js';
import { type SimulatorTestServer, startSimulatorTestServer } from './support/simulator-test-server.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let db: SimulatorTestServer;
let as: Awaited<ReturnType<typeof headersPerRole>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-demo-api-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  db = await startSimulatorTestServer();
  const server = await createVigiaServer({
    store,
    logger: silentLogger(),
    version: 'test',
    demoServices: [
      { name: 'db', url: db.origin },
      { name: 'gone', url: 'http://127.0.0.1:9' },
    ],
  });
  app = server.app;
  as = await headersPerRole(server.auth.tokens, 'demo');
});

afterAll(async () => {
  await app.close();
  await db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo fleet API', () => {
  it('shows each service and the named fault it has on, a service that does not answer as such', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/demo', headers: as.viewer });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      faults: ['down', 'slow', 'errors', 'cpu'],
      services: [
        { name: 'db', reachable: true, fault: null },
        { name: 'gone', reachable: false, fault: null },
      ],
    });
  });

  it('switches a fault on for operators, records who did it, and resets', async () => {
    const on = await app.inject({
      method: 'POST',
      url: '/api/demo/faults',
      headers: as.operator,
      payload: { service: 'db', fault: 'down' },
    });
    expect(on.statusCode, on.body).toBe(201);
    expect(db.faults().available).toBe(false);
    const shown = await app.inject({ method: 'GET', url: '/api/demo', headers: as.viewer });
    expect(shown.json().services[0]).toEqual({ name: 'db', reachable: true, fault: 'down' });

    const recorded = await store.readStream(DEMO_STREAM);
    expect(recorded.map((e) => e.type)).toEqual(['demo.fault_switched_on']);
    expect(recorded[0]?.data).toEqual({ service: 'db', fault: 'down' });
    expect(recorded[0]?.metadata.actor).toMatch(/^token:demo/);

    const reset = await app.inject({ method: 'POST', url: '/api/demo/reset', headers: as.operator });
    expect(reset.statusCode, reset.body).toBe(503); // "gone" does not answer: said, not hidden
    expect(reset.json().detail).toMatch(/does not answer/);
    expect(db.faults().available).toBe(true);
  });

  it('refuses viewers, unknown services and faults, naming what was wrong', async () => {
    const viewer = await app.inject({
      method: 'POST',
      url: '/api/demo/faults',
      headers: as.viewer,
      payload: { service: 'db', fault: 'down' },
    });
    expect(viewer.statusCode).toBe(403);
    const unknownService = await app.inject({
      method: 'POST',
      url: '/api/demo/faults',
      headers: as.operator,
      payload: { service: 'nope', fault: 'down' },
    });
    expect(unknownService.statusCode).toBe(404);
    expect(unknownService.json().detail).toContain('"nope"');
    const unknownFault = await app.inject({
      method: 'POST',
      url: '/api/demo/faults',
      headers: as.operator,
      payload: { service: 'db', fault: 'melt' },
    });
    expect(unknownFault.statusCode).toBe(400);
    expect(unknownFault.body).toContain('fault');
    expect(db.faults().available).toBe(true);
  });

  it('is absent without a demo', async () => {
    const plainStore = SqliteEventStore.open({ file: path.join(dir, 'plain.db') });
    const plain = await createVigiaServer({ store: plainStore, logger: silentLogger(), version: 'test' });
    const tokens = await headersPerRole(plain.auth.tokens, 'plain');
    const answer = await plain.app.inject({ method: 'GET', url: '/api/demo', headers: tokens.viewer });
    expect(answer.statusCode).toBe(404);
    await plain.app.close();
    await plainStore.close();
  });
});
