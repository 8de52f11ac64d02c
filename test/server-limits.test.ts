import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { FakeClock, silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let viewer: string;
const clock = new FakeClock(Date.UTC(2026, 10, 22));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-limits-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db'), clock });
  const server = await createVigiaServer({
    store,
    clock,
    logger: silentLogger(),
    version: 'test',
    limits: {
      perTokenPerSecond: 2,
      perIpPerSecond: 1,
      burst: 3,
      failedAuthLimit: 3,
      failedAuthWindowMs: 60_000,
    },
  });
  app = server.app;
  viewer = (await server.auth.tokens.create({ name: 'viewer', role: 'viewer' }, { actor: 'test' })).token;
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const me = (authorization?: string, ip = '127.0.0.1') =>
  app.inject({
    method: 'GET',
    url: '/api/me',
    remoteAddress: ip,
    headers: authorization ? { authorization } : {},
  });

describe('request limits', () => {
  it('limits each token, answering 429 problem+json with Retry-After, and refills over time', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await me(`Bearer ${viewer}`, '10.0.0.1')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await me(`Bearer ${viewer}`, '10.0.0.1');
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    await clock.advance(1000);
    expect((await me(`Bearer ${viewer}`, '10.0.0.1')).statusCode).toBe(200);
  });

  it('locks out an address after repeated bad credentials, even for a good token, until the window passes', async () => {
    const forged = `Bearer vigia_${'1'.repeat(16)}_${'B'.repeat(43)}`;
    for (let i = 0; i < 3; i++) expect((await me(forged, '10.0.0.2')).statusCode).toBe(401);
    expect((await me(forged, '10.0.0.2')).statusCode).toBe(401);
    const locked = await me(`Bearer ${viewer}`, '10.0.0.2');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(1);
    // Other addresses are not affected.
    await clock.advance(1000);
    expect((await me(`Bearer ${viewer}`, '10.0.0.3')).statusCode).toBe(200);
    await clock.advance(60_000);
    expect((await me(`Bearer ${viewer}`, '10.0.0.2')).statusCode).toBe(200);
  });

  it('limits anonymous requests per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await me(undefined, '10.0.0.4')).statusCode);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});
