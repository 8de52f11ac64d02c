import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { buildServer, startAccounts } from '../src/server/index.js';

let dir: string;
let store: SqliteEventStore;
let withCors: FastifyInstance;
let withoutCors: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-cors-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const { auth, resources, definitions } = await startAccounts(store);
  const base = {
    store,
    auth,
    resources: { store: resources, definitions },
    logger: silentLogger(),
    version: 'test',
  };
  withCors = await buildServer({ ...base, corsOrigins: ['https://ops.example.org'] });
  withoutCors = await buildServer(base);
  await withCors.ready();
  await withoutCors.ready();
});

afterAll(async () => {
  await withCors.close();
  await withoutCors.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const preflight = (app: FastifyInstance, origin: string) =>
  app.inject({
    method: 'OPTIONS',
    url: '/api/me',
    headers: {
      origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
  });

describe('CORS', () => {
  it('is off by default: no CORS headers, preflights are not answered', async () => {
    const response = await preflight(withoutCors, 'https://ops.example.org');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const get = await withoutCors.inject({
      method: 'GET',
      url: '/api/me',
      headers: { origin: 'https://ops.example.org' },
    });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers preflights and marks responses for listed origins only, refusals included', async () => {
    const allowed = await preflight(withCors, 'https://ops.example.org');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example.org');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    const refused = await withCors.inject({
      method: 'GET',
      url: '/api/me',
      headers: { origin: 'https://ops.example.org' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('https://ops.example.org');
    const stranger = await preflight(withCors, 'https://evil.example.com');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});
