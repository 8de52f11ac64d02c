import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../errors.js';
import { describeTarget, isUnavailable, toStoreError } from './connection.js';

describe('describeTarget', () => {
  it('names host and port of a URL without its credentials', () => {
    const target = describeTarget('postgres://vigia:s3cret@db.internal:6543/vigia?sslmode=require');
    expect(target).toBe('db.internal:6543');
  });

  it('defaults the port and reads keyword/value strings and socket hosts', () => {
    expect(describeTarget('postgresql://u:p@pg/vigia')).toMatch(/^pg:\d+$/);
    expect(describeTarget("host=10.0.0.5 port=5433 password='x y' dbname=v")).toBe('10.0.0.5:5433');
    expect(describeTarget('postgres://u@/vigia?host=/var/run/postgresql')).toMatch(
      /^\/var\/run\/postgresql:\d+$/,
    );
  });
});

describe('isUnavailable / toStoreError', () => {
  it('treats network failures, connection SQLSTATEs and pool timeouts as unavailability', () => {
    expect(
      isUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('password authentication failed'), { code: '28P01' }))).toBe(
      true,
    );
    expect(isUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('leaves query errors and application errors alone', () => {
    const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' });
    expect(isUnavailable(syntax)).toBe(false);
    expect(toStoreError(syntax, 'h:1')).toBe(syntax);
    expect(isUnavailable(new Error('projection refused'))).toBe(false);
  });

  it('wraps unavailability naming the target and keeping the cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = toStoreError(cause, '127.0.0.1:9') as StoreUnavailableError;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toBe('PostgreSQL at 127.0.0.1:9 is unavailable: connect ECONNREFUSED 127.0.0.1:9');
    expect(error.cause).toBe(cause);
  });
});
