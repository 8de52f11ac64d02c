import { describe, expect, it } from 'vitest';
import {
  type AuditEvent,
  actorText,
  auditEventsPath,
  auditFilterOf,
  auditFilterParams,
  auditKindMatches,
  describeAuditEvent,
  mergeNewestFirst,
  namesFromEvents,
} from './audit-model.js';

const at = (type: string, data: unknown, streamId = 'audit-access'): AuditEvent => ({
  id: 'x',
  streamId,
  type,
  time: '2026-01-01T00:00:00Z',
  data,
  metadata: {},
});

describe('audit filter in the address', () => {
  it('reads kind and range, falling back to everything in the last 24 h', () => {
    expect(auditFilterOf(new URLSearchParams('kind=tokens&range=7d'))).toEqual({
      kind: 'tokens',
      range: '7d',
    });
    expect(auditFilterOf(new URLSearchParams('kind=nope&range=toString'))).toEqual({
      kind: 'all',
      range: '24h',
    });
  });

  it('writes only what differs from the default', () => {
    expect(auditFilterParams({ kind: 'all', range: '24h' })).toEqual({ kind: undefined, range: undefined });
    expect(auditFilterParams({ kind: 'denied', range: '1h' })).toEqual({ kind: 'denied', range: '1h' });
  });
});

describe('auditEventsPath', () => {
  it('asks for the kind’s streams and types in the window', () => {
    const path = auditEventsPath('failed-logins', { sinceMs: 0, untilMs: 1000 }, 200, '42');
    const query = new URLSearchParams(path.split('?')[1]);
    expect(path.startsWith('/api/events?')).toBe(true);
    expect(query.getAll('streamPrefix')).toEqual(['audit-access']);
    expect(query.getAll('type')).toEqual(['auth.login_failed', 'auth.authentication_failed']);
    expect(query.get('since')).toBe('1970-01-01T00:00:00.000Z');
    expect(query.get('until')).toBe('1970-01-01T00:00:01.000Z');
    expect(query.get('limit')).toBe('200');
    expect(query.get('after')).toBe('42');
  });

  it('asks for every audit stream for everything', () => {
    const query = new URLSearchParams(auditEventsPath('all', { sinceMs: 0, untilMs: 1 }, 10).split('?')[1]);
    expect(query.getAll('streamPrefix')).toEqual([
      'audit-access',
      'credentials-',
      'token-',
      'users-',
      'auth-setup',
    ]);
    expect(query.has('type')).toBe(false);
    expect(query.has('after')).toBe(false);
  });
});

describe('auditKindMatches', () => {
  it('matches by stream and type prefix, as the API does', () => {
    expect(auditKindMatches('logins', at('auth.login_succeeded', {}))).toBe(true);
    expect(auditKindMatches('logins', at('auth.login_failed', {}))).toBe(false);
    expect(auditKindMatches('tokens', at('auth.token_created', {}, 'token-0123'))).toBe(true);
    expect(auditKindMatches('all', at('auth.user_created', {}, 'users-1'))).toBe(true);
    expect(auditKindMatches('all', at('alert.fired', {}, 'alert-1'))).toBe(false);
  });
});

describe('describeAuditEvent', () => {
  const names = new Map([
    ['u1', 'olive'],
    ['t1', 'ci'],
  ]);
  const line = (type: string, data: unknown) => describeAuditEvent(at(type, data), names);

  it('says logins and failed logins in words', () => {
    expect(line('auth.login_succeeded', { name: 'admin', method: 'password' })).toEqual({
      what: 'login succeeded',
      detail: 'admin, with password',
    });
    expect(line('auth.login_failed', { reason: 'wrong_password', name: 'olive' })).toEqual({
      what: 'login failed (wrong password)',
      detail: 'olive',
    });
    expect(line('auth.login_failed', { reason: 'unknown_user' }).what).toBe('login failed (unknown user)');
    expect(line('auth.logged_out', { userId: 'u1', allSessions: true })).toEqual({
      what: 'all sessions ended',
      detail: 'olive',
    });
  });

  it('says token, user and credential changes, naming ids it knows', () => {
    expect(line('auth.token_created', { name: 'ci', role: 'viewer', expiresAt: null })).toEqual({
      what: 'token created',
      detail: 'ci (viewer), never expires',
    });
    expect(line('auth.token_revoked', { tokenId: 't1' })).toEqual({ what: 'token revoked', detail: 'ci' });
    expect(
      line('auth.user_updated', { id: 'u1', doc: { name: 'olive', role: 'viewer', disabled: true } }),
    ).toEqual({
      what: 'user changed',
      detail: 'olive (viewer), disabled',
    });
    expect(line('auth.user_deleted', { id: 'u9' })).toEqual({ what: 'user deleted', detail: 'u9' });
    expect(line('auth.totp_disabled', { userId: 'u1' })).toEqual({
      what: 'second factor removed',
      detail: 'olive',
    });
    expect(
      line('auth.permission_denied', {
        method: 'POST',
        route: '/api/tokens',
        required: 'admin',
        role: 'viewer',
      }),
    ).toEqual({ what: 'permission denied', detail: 'POST /api/tokens needs admin, has viewer' });
  });

  it('still says something readable for a type it does not know', () => {
    expect(line('auth.something_new', null)).toEqual({ what: 'something new', detail: '' });
  });
});

describe('actorText and namesFromEvents', () => {
  it('says who acted', () => {
    expect(actorText({ actor: 'user:admin' })).toBe('admin');
    expect(actorText({ actor: 'token:ci' })).toBe('token ci');
    expect(actorText({ actor: 'system:first-start' })).toBe('Vigia (first-start)');
    expect(actorText({ actor: 'anonymous' })).toBe('anonymous');
    expect(actorText({})).toBe('—');
  });

  it('learns names from the events that carry them', () => {
    const names = namesFromEvents([
      at('auth.user_created', { id: 'u1', doc: { name: 'olive' } }, 'users-u1'),
      at('auth.token_created', { tokenId: 't1', name: 'ci' }, 'token-t1'),
      at('auth.login_succeeded', { userId: 'u2', name: 'admin' }),
    ]);
    expect([...names]).toEqual([
      ['u1', 'olive'],
      ['t1', 'ci'],
      ['u2', 'admin'],
    ]);
  });
});

describe('mergeNewestFirst', () => {
  it('puts newer events on top without repeating one already shown', () => {
    const e = (id: string) => ({ ...at('auth.login_succeeded', {}), id });
    const merged = mergeNewestFirst([e('c'), e('b'), e('c')], [e('b'), e('a')]);
    expect(merged.map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });
});
