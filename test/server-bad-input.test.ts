import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_START, SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer } from '../src/server/index.js';
import { bearerPerRole } from './support/auth.js';

let dir: string;
let store: SqliteEventStore;
let app: FastifyInstance;
let admin: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-bad-input-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  const server = await createVigiaServer({ store, logger: silentLogger(), version: 'test' });
  app = server.app;
  admin = (await bearerPerRole(server.auth.tokens, 'bad-input')).admin;
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const append =
  (payload: string | Buffer, contentType = 'application/json') =>
  (): InjectOptions => ({
    method: 'POST',
    url: '/api/streams/victim/events',
    headers: { authorization: admin, 'content-type': contentType },
    payload,
  });
const withData = (data: string) => `{"events":[{"type":"bad.input","data":${data}}]}`;

const cases: Array<{ name: string; request: () => InjectOptions; status: number; code: string }> = [
  {
    name: 'arrays nested 200,000 deep',
    request: append(withData(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)),
    status: 400,
    code: 'INVALID_EVENT',
  },
  {
    name: 'objects nested 20,000 deep',
    request: append(withData(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`)),
    status: 400,
    code: 'INVALID_EVENT',
  },
  {
    name: 'a lone surrogate escape',
    request: append(withData('{"s":"\\ud800"}')),
    status: 400,
    code: 'INVALID_EVENT',
  },
  {
    name: 'a lone surrogate in a key',
    request: append(withData('{"\\udc00":1}')),
    status: 400,
    code: 'INVALID_EVENT',
  },
  { name: 'U+0000', request: append(withData('{"s":"a\\u0000b"}')), status: 400, code: 'INVALID_EVENT' },
  {
    name: 'bytes that are not UTF-8',
    request: append(
      Buffer.concat([Buffer.from(withData('"')), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')]),
    ),
    status: 400,
    code: 'INVALID_UTF8',
  },
  {
    name: 'prototype poisoning',
    request: append(withData('{"__proto__":{"admin":true}}')),
    status: 400,
    code: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  {
    name: 'malformed JSON',
    request: append('{"events": [}'),
    status: 400,
    code: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  { name: 'an empty JSON body', request: append(''), status: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' },
  {
    name: 'a content type the API does not speak',
    request: append('events=1', 'application/x-www-form-urlencoded'),
    status: 415,
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  },
  {
    name: 'a URL that is not UTF-8',
    request: () => ({ method: 'GET', url: '/api/streams/%FF%FE/events', headers: { authorization: admin } }),
    status: 400,
    code: 'BAD_URL',
  },
  {
    name: 'a path traversal in a resource id',
    request: () => ({
      method: 'GET',
      url: '/api/users/..%2F..%2Fetc%2Fpasswd',
      headers: { authorization: admin },
    }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'SQL in a resource id',
    request: () => ({ method: 'GET', url: "/api/users/1'%20OR%20'1'='1", headers: { authorization: admin } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a forged token',
    request: () => ({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer vigia_${'a'.repeat(16)}_${'B'.repeat(43)}` },
    }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'a forged session cookie',
    request: () => ({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `vigia_session=${'a'.repeat(32)}.${'B'.repeat(43)}` },
    }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
];

describe('bad input', () => {
  it.each(cases)('$name: the right 4xx problem, the process up, stored data unchanged', async (c) => {
    const before = await store.readAllPage(LOG_START, 100_000);
    const response = await app.inject(c.request());
    expect(response.statusCode, response.body.slice(0, 300)).toBe(c.status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status: c.status, code: c.code });
    expect(problem.detail?.length ?? 0).toBeLessThan(500);
    expect(response.body).not.toMatch(/\s+at\s+\S+:\d+/);
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const after = await store.readAllPage(LOG_START, 100_000);
    // Only audit events (failed authentication) may be added; nothing is changed or lost.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).every((e) => e.streamId === 'audit-access')).toBe(true);
    expect(await store.streamVersion('victim')).toBe(0);
  });

  it('SQL in a filter value is only a value: no match, and the data is intact', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/users?role=${encodeURIComponent("admin' OR 1=1--")}`,
      headers: { authorization: admin },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([]);
    const all = await app.inject({ method: 'GET', url: '/api/users', headers: { authorization: admin } });
    expect(all.json().items.map((u: { name: string }) => u.name)).toEqual(['admin']);
  });
});
