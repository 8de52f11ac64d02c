import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api.js';
import { newTokenBody, sortTokens, type TokenInfo, tokenStatus } from './token-model.js';

const token = (over: Partial<TokenInfo> = {}): TokenInfo => ({
  tokenId: '0123456789abcdef',
  name: 'ci',
  role: 'operator',
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: null,
  revokedAt: null,
  ...over,
});

describe('tokenStatus', () => {
  const now = Date.parse('2026-02-01T00:00:00Z');

  it('tells active, expired and revoked apart', () => {
    expect(tokenStatus(token(), now)).toBe('active');
    expect(tokenStatus(token({ expiresAt: '2026-03-01T00:00:00Z' }), now)).toBe('active');
    expect(tokenStatus(token({ expiresAt: '2026-01-15T00:00:00Z' }), now)).toBe('expired');
    expect(
      tokenStatus(token({ expiresAt: '2026-01-15T00:00:00Z', revokedAt: '2026-01-10T00:00:00Z' }), now),
    ).toBe('revoked');
  });
});

describe('newTokenBody', () => {
  it('leaves out an empty expiry and reads days as a number', () => {
    expect(newTokenBody({ name: ' ci ', role: 'viewer', expiresInDays: ' ' })).toEqual({
      name: 'ci',
      role: 'viewer',
    });
    expect(newTokenBody({ name: 'ci', role: 'admin', expiresInDays: '30' })).toEqual({
      name: 'ci',
      role: 'admin',
      expiresInDays: 30,
    });
  });

  it('refuses days that are not a whole number, naming the field', () => {
    let thrown: unknown;
    try {
      newTokenBody({ name: 'ci', role: 'viewer', expiresInDays: '1.5' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).fields[0]?.field).toBe('body.expiresInDays');
  });
});

describe('sortTokens', () => {
  it('puts the newest first', () => {
    const sorted = sortTokens([
      token({ name: 'old', createdAt: '2026-01-01T00:00:00Z' }),
      token({ name: 'new', createdAt: '2026-01-03T00:00:00Z' }),
    ]);
    expect(sorted.map((t) => t.name)).toEqual(['new', 'old']);
  });
});
