import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStore, LOG_START, PostgresEventStore, SqliteEventStore } from '../src/events/index.js';
import { FakeClock, silentLogger } from '../src/kernel/index.js';
import { createVigiaServer, totpCode, totpStep, type VigiaServer } from '../src/server/index.js';
import { bearerPerRole, TEST_AUTH_SETTINGS } from './support/auth.js';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from './support/postgres.js';

type OpenStore = (clock: FakeClock) => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

const openSqlite: OpenStore = async (clock) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-auth-'));
  const store = SqliteEventStore.open({ file: path.join(dir, 'events.db'), clock });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const url = postgresUrlOrSkip();
const openPostgres: OpenStore = async (clock) => {
  const schema = uniqueSchema('auth');
  const store = await PostgresEventStore.open({ connectionString: url!, schema, clock, poolSize: 4 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(url!, schema);
    },
  };
};

const backends: Array<[string, OpenStore]> = [['sqlite', openSqlite]];
if (url !== null) backends.push(['postgres', openPostgres]);

const PASSWORD = 'correct horse battery';

describe.each(backends)('users, sessions and second factors on %s', (_backend, open) => {
  let store: EventStore;
  let cleanup: () => Promise<void>;
  let server: VigiaServer;
  let app: FastifyInstance;
  let admin: { authorization: string };
  const clock = new FakeClock(Date.UTC(2026, 10, 22, 9));

  beforeAll(async () => {
    ({ store, cleanup } = await open(clock));
    server = await createVigiaServer({
      store,
      clock,
      logger: silentLogger(),
      version: 'test',
      authSettings: TEST_AUTH_SETTINGS,
    });
    app = server.app;
    admin = { authorization: (await bearerPerRole(server.auth.tokens, 'auth')).admin };
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  /** Creates a user through the API and sets their password; returns the user id. */
  async function createUser(name: string, role: string, password = PASSWORD): Promise<string> {
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { name, role },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const set = await app.inject({
      method: 'PUT',
      url: `/api/users/${id}/password`,
      headers: admin,
      payload: { password },
    });
    expect(set.statusCode, set.body).toBe(204);
    return id;
  }

  const login = (name: string, password: string, extra: Record<string, string> = {}, ip = '10.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name, password, ...extra },
      remoteAddress: ip,
    });

  /** The session cookie and CSRF token of a successful login. */
  function sessionOf(response: LightMyRequestResponse): { cookie: string; csrf: string } {
    expect(response.statusCode, response.body).toBe(200);
    const cookie = String(response.headers['set-cookie']).split(';')[0]!;
    return { cookie, csrf: response.json().csrfToken };
  }

  async function lastAudit() {
    return (await store.readStream('audit-access', { direction: 'backward', maxCount: 1 }))[0]!;
  }

  describe('first start', () => {
    it('creates the admin user with no password, and a one-time setup code that sets it', async () => {
      const first = server.firstStart!;
      expect(first.userName).toBe('admin');
      const weak = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { code: first.setupCode, password: 'short' },
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0]).toMatchObject({ field: 'password' });
      const setup = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { code: first.setupCode, password: PASSWORD },
      });
      const { cookie } = sessionOf(setup);
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.json()).toMatchObject({ actor: 'user:admin', role: 'admin', kind: 'session' });
      const reused = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { code: first.setupCode, password: PASSWORD },
      });
      expect(reused.statusCode).toBe(401);
      expect(reused.json().code).toBe('SETUP_CODE_INVALID');
    });
  });

  describe('login sessions', () => {
    it('sets an HttpOnly, SameSite=Strict cookie and audits the login with IP and user agent', async () => {
      await createUser('olga', 'operator');
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { name: 'olga', password: PASSWORD },
        headers: { 'user-agent': 'browser/1' },
        remoteAddress: '10.0.0.9',
      });
      expect(response.statusCode).toBe(200);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/^vigia_session=[0-9a-f]{32}\.[A-Za-z0-9_-]{43}; /);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toMatchObject({ user: { name: 'olga', role: 'operator' } });
      expect(await lastAudit()).toMatchObject({
        type: 'auth.login_succeeded',
        data: { name: 'olga', method: 'password' },
        metadata: { actor: 'user:olga', sourceIp: '10.0.0.9', userAgent: 'browser/1' },
      });
    });

    it('needs the CSRF token on changes, refuses other origins, and enforces the role', async () => {
      const { cookie, csrf } = sessionOf(await login('olga', PASSWORD));
      const info = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
      expect(info.json()).toMatchObject({ user: { name: 'olga' }, csrfToken: csrf });
      const append = (headers: Record<string, string>) =>
        app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, ...headers } });
      expect((await append({})).json().code).toBe('CSRF_FAILED');
      expect((await append({ 'x-csrf-token': 'x'.repeat(csrf.length) })).statusCode).toBe(403);
      expect(
        (await append({ 'x-csrf-token': csrf, origin: 'https://evil.example', host: 'localhost:80' }))
          .statusCode,
      ).toBe(403);
      // An operator session is refused admin routes like an operator token.
      const tokens = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { name: 'x', role: 'viewer' },
      });
      expect(tokens.statusCode).toBe(403);
      expect((await append({ 'x-csrf-token': csrf })).statusCode).toBe(204);
      // Logged out: the cookie is dead.
      expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    });

    it('refuses a wrong password or unknown user alike, and never stores an unknown name', async () => {
      const wrong = await login('olga', 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'LOGIN_FAILED', detail: 'Wrong name or password' });
      expect(await lastAudit()).toMatchObject({
        type: 'auth.login_failed',
        data: { reason: 'wrong_password', name: 'olga' },
      });
      const unknown = await login('my secret password', 'whatever');
      expect(unknown.json().detail).toBe('Wrong name or password');
      const audit = await lastAudit();
      expect(audit.data).toEqual({ reason: 'unknown_user' });
      expect(JSON.stringify(audit)).not.toContain('my secret password');
    });

    it('locks an account out with growing delays after repeated failures, and lets it in after', async () => {
      await createUser('lena', 'viewer');
      for (let i = 0; i < 5; i++) {
        expect((await login('lena', 'guess number one', {}, `10.1.0.${i}`)).statusCode).toBe(401);
      }
      const locked = await login('lena', PASSWORD, {}, '10.1.1.1');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('LOGIN_LOCKED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await lastAudit()).data).toMatchObject({ reason: 'locked_out', name: 'lena' });
      await clock.advance(1_001);
      expect((await login('lena', 'guess number six', {}, '10.1.1.2')).statusCode).toBe(401);
      await clock.advance(1_001);
      // The sixth failure doubled the lockout to 2 s.
      expect((await login('lena', PASSWORD, {}, '10.1.1.3')).statusCode).toBe(429);
      await clock.advance(1_000);
      sessionOf(await login('lena', PASSWORD, {}, '10.1.1.4'));
    });

    it('locks out an address that keeps failing, whatever account it tries', async () => {
      // Ten are tolerated; the eleventh within the minute locks the address out.
      for (let i = 0; i < 11; i++) {
        expect((await login(`nobody${i}`, 'password guess', {}, '10.2.0.1')).statusCode).toBe(401);
      }
      const locked = await login('olga', PASSWORD, {}, '10.2.0.1');
      expect(locked.statusCode).toBe(429);
      await clock.advance(60_001);
      sessionOf(await login('olga', PASSWORD, {}, '10.2.0.1'));
    });

    it('ends idle sessions, and sessions of disabled users', async () => {
      const userId = await createUser('ida', 'viewer');
      const { cookie } = sessionOf(await login('ida', PASSWORD));
      const me = () => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect((await me()).statusCode).toBe(200);
      await clock.advance(11 * 60 * 60 * 1000);
      expect((await me()).statusCode).toBe(200);
      await clock.advance(11 * 60 * 60 * 1000);
      // Used 11 h ago (and touched then): still alive; 12 h without use ends it.
      expect((await me()).statusCode).toBe(200);
      await clock.advance(12 * 60 * 60 * 1000 + 1);
      expect((await me()).statusCode).toBe(401);

      const second = sessionOf(await login('ida', PASSWORD));
      const current = await app.inject({ method: 'GET', url: `/api/users/${userId}`, headers: admin });
      const disable = await app.inject({
        method: 'PUT',
        url: `/api/users/${userId}`,
        headers: { ...admin, 'if-match': String(current.headers.etag) },
        payload: { name: 'ida', role: 'viewer', disabled: true },
      });
      expect(disable.statusCode).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: second.cookie } })).statusCode,
      ).toBe(401);
      expect((await login('ida', PASSWORD)).json().code).toBe('LOGIN_FAILED');
    });

    it('changing the password checks the old one and ends the other sessions', async () => {
      await createUser('pia', 'viewer');
      const a = sessionOf(await login('pia', PASSWORD));
      const b = sessionOf(await login('pia', PASSWORD));
      const change = (currentPassword: string, newPassword: string) =>
        app.inject({
          method: 'PUT',
          url: '/api/me/password',
          headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
          payload: { currentPassword, newPassword },
        });
      expect((await change('wrong one here', 'a brand new secret')).json().code).toBe('WRONG_PASSWORD');
      expect((await change(PASSWORD, 'pia pia pia pia')).json().errors[0].field).toBe('newPassword');
      expect((await change(PASSWORD, 'a brand new secret')).statusCode).toBe(204);
      const still = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } });
      expect(still.statusCode).toBe(200);
      const ended = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: b.cookie } });
      expect(ended.statusCode).toBe(401);
      sessionOf(await login('pia', 'a brand new secret'));
    });

    it('token callers get a clear 400 on session-only routes', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/session', headers: admin });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('NOT_A_SESSION');
    });
  });

  describe('TOTP second factor', () => {
    it('computes the RFC 6238 test vectors (SHA-1)', () => {
      const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of "12345678901234567890"
      const vectors: Array<[number, string]> = [
        [59, '94287082'],
        [1111111109, '07081804'],
        [1111111111, '14050471'],
        [1234567890, '89005924'],
        [2000000000, '69279037'],
        [20000000000, '65353130'],
      ];
      for (const [seconds, code] of vectors) expect(totpCode(secret, totpStep(seconds * 1000), 8)).toBe(code);
    });

    it('is enrolled with a confirming code, then required at login, each code accepted once', async () => {
      await createUser('tom', 'operator');
      const s = sessionOf(await login('tom', PASSWORD));
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const enroll = await app.inject({ method: 'POST', url: '/api/me/totp', headers });
      const { secret, otpauthUri } = enroll.json();
      expect(otpauthUri).toContain(`secret=${secret}`);
      const codeNow = () => totpCode(secret, totpStep(clock.now()));
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/me/totp/confirm',
        headers,
        payload: { code: codeNow() === '000000' ? '111111' : '000000' },
      });
      expect(wrong.json().code).toBe('WRONG_CODE');
      // Staging alone does not demand a code at login.
      sessionOf(await login('tom', PASSWORD));
      const confirm = await app.inject({
        method: 'POST',
        url: '/api/me/totp/confirm',
        headers,
        payload: { code: codeNow() },
      });
      expect(confirm.statusCode).toBe(204);

      await clock.advance(30_000);
      const noCode = await login('tom', PASSWORD);
      expect(noCode.statusCode).toBe(401);
      expect(noCode.json().code).toBe('TOTP_REQUIRED');
      const code = codeNow();
      const ok = await login('tom', PASSWORD, { code });
      sessionOf(ok);
      expect(await lastAudit()).toMatchObject({ data: { method: 'password+totp' } });
      const replay = await login('tom', PASSWORD, { code });
      expect(replay.json().code).toBe('WRONG_CODE');
    });
  });

  describe('secrets', () => {
    it('never appear in events: no password, hash, session secret or TOTP secret', async () => {
      const rows = await store.query<{ password_hash: string; totp_secret: string | null }>(
        'SELECT password_hash, totp_secret FROM auth_user_credentials',
      );
      const sessions = await store.query<{ secret_hash: string }>('SELECT secret_hash FROM auth_sessions');
      const secrets = [
        PASSWORD,
        ...rows.flatMap((r) => [r.password_hash.split('$')[5]!, r.totp_secret ?? 'none-set']),
        ...sessions.map((s) => s.secret_hash),
      ];
      expect(rows.length).toBeGreaterThan(3);
      const events = await store.readAllPage(LOG_START, 100_000);
      expect(events.some((e) => e.type === 'auth.password_changed')).toBe(true);
      const all = JSON.stringify(events);
      for (const secret of secrets) expect(all).not.toContain(secret);
      const users = await app.inject({ method: 'GET', url: '/api/users', headers: admin });
      expect(users.body).not.toMatch(/scrypt|password/i);
    });
  });
});
