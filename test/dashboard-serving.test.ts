import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-dashboard-'));
  const web = path.join(dir, 'web');
  mkdirSync(path.join(web, 'assets'), { recursive: true });
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(path.join(web, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  ({ app } = await createVigiaServer({ store, logger: silentLogger(), version: 'test', dashboardRoot: web }));
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard', () => {
  it('is served at / without logging in, the page never cached', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('id="app"');
  });

  it('serves hashed assets cached for a year', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    expect(asset.body).toBe('console.log(1)');
  });

  it('answers a page address with the page, so URLs can be bookmarked', async () => {
    const deep = await app.inject({ method: 'GET', url: '/alerts/01a2' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id="app"');
  });

  it('never serves files outside its folder, and leaves /api to the API', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('not for the web');
    }
    const api = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    // The page is public; the API behind it is not.
    expect((await app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
  });
});
