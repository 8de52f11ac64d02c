import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { bearerPerRole } from './support/auth.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let admin: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-resources-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const server = await createVigiaServer({ store, logger: silentLogger(), version: 'test' });
  app = server.app;
  admin = { authorization: (await bearerPerRole(server.auth.tokens)).admin };
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the resource pattern, on users', () => {
  it('creates, lists with filters and cursors, gets with an ETag, replaces with If-Match and deletes', async () => {
    const created = [];
    for (const [name, role] of [
      ['ana', 'admin'],
      ['bruno', 'viewer'],
      ['carla', 'viewer'],
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { name, role },
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers.location).toBe(`/api/users/${response.json().id}`);
      created.push(response.json());
    }
    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { name: 'ana', role: 'viewer' },
    });
    expect(duplicate.statusCode).toBe(409);

    const viewers = await app.inject({
      method: 'GET',
      url: '/api/users?role=viewer&limit=1',
      headers: admin,
    });
    expect(viewers.json().items.map((u: { name: string }) => u.name)).toEqual(['bruno']);
    const page2 = await app.inject({
      method: 'GET',
      url: `/api/users?role=viewer&limit=1&after=${viewers.json().next}`,
      headers: admin,
    });
    expect(page2.json()).toMatchObject({ items: [{ name: 'carla' }], next: null });

    const bruno = created[1];
    const got = await app.inject({ method: 'GET', url: `/api/users/${bruno.id}`, headers: admin });
    expect(got.json()).toMatchObject({ name: 'bruno', role: 'viewer', version: 1 });

    const payload = { name: 'bruno', role: 'operator' };
    const noIfMatch = await app.inject({
      method: 'PUT',
      url: `/api/users/${bruno.id}`,
      headers: admin,
      payload,
    });
    expect(noIfMatch.statusCode).toBe(428);
    const ok = await app.inject({
      method: 'PUT',
      url: `/api/users/${bruno.id}`,
      headers: { ...admin, 'if-match': '"1"' },
      payload,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await app.inject({
      method: 'PUT',
      url: `/api/users/${bruno.id}`,
      headers: { ...admin, 'if-match': '"1"' },
      payload: { name: 'bruno', role: 'admin' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const clash = await app.inject({
      method: 'PUT',
      url: `/api/users/${bruno.id}`,
      headers: { ...admin, 'if-match': '"2"' },
      payload: { name: 'ana', role: 'viewer' },
    });
    expect(clash.statusCode).toBe(409);

    const history = await store.readStream(`users-${bruno.id}`);
    expect(history.map((e) => e.type)).toEqual(['auth.user_created', 'auth.user_updated']);
    expect(history[1]!.metadata).toMatchObject({ actor: 'token:test-admin', sourceIp: '127.0.0.1' });
    expect(history[1]!.data).toMatchObject({ doc: { role: 'operator' } });

    expect(
      (await app.inject({ method: 'DELETE', url: `/api/users/${bruno.id}`, headers: admin })).statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: `/api/users/${bruno.id}`, headers: admin })).statusCode,
    ).toBe(404);
  });

  it('rejects bad input with the field named, and stores nothing', async () => {
    const before = (await store.stats()).events;
    for (const payload of [
      { name: 'Bad Name!', role: 'viewer' },
      { name: 'x', role: 'root' },
      { name: 'y', role: 'viewer', id: 'mine' },
      {},
    ]) {
      const response = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].field).toMatch(/^body/);
    }
    const badId = await app.inject({ method: 'GET', url: "/api/users/1' OR '1'='1", headers: admin });
    expect(badId.statusCode).toBe(400);
    const badIfMatch = await app.inject({
      method: 'DELETE',
      url: '/api/users/01890000-0000-7000-8000-000000000000',
      headers: { ...admin, 'if-match': 'yesterday' },
    });
    expect(badIfMatch.statusCode).toBe(400);
    expect((await store.stats()).events).toBe(before);
  });
});
