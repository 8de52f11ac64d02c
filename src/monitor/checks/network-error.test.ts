import { describe, expect, it } from 'vitest';
import { describeNetworkError } from './network-error.js';

function failure(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), fields);
}

describe('describeNetworkError', () => {
  it('puts common socket failures in plain words', () => {
    expect(describeNetworkError(failure('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }))).toBe(
      'connection refused',
    );
    expect(
      describeNetworkError(
        failure('getaddrinfo ENOTFOUND x.invalid', { code: 'ENOTFOUND', hostname: 'x.invalid' }),
      ),
    ).toBe('host not found: x.invalid');
    expect(describeNetworkError(failure('other side closed', { code: 'UND_ERR_SOCKET' }))).toBe(
      'connection closed by the server',
    );
  });

  it('takes the code from the attempts of a multi-address connect', () => {
    const attempts = [failure('connect ECONNREFUSED ::1:80', { code: 'ECONNREFUSED' })];
    expect(describeNetworkError(new AggregateError(attempts, ''))).toBe('connection refused');
  });

  it('marks certificate and handshake failures as TLS problems', () => {
    expect(describeNetworkError(failure('certificate has expired', { code: 'CERT_HAS_EXPIRED' }))).toBe(
      'TLS certificate rejected: certificate has expired',
    );
    const openSsl = failure(
      '80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:ssl3_record.c:350',
      {
        code: 'ERR_SSL_WRONG_VERSION_NUMBER',
        reason: 'wrong version number',
      },
    );
    expect(describeNetworkError(openSsl)).toBe('TLS handshake failed: wrong version number');
  });

  it('falls back to the message with its code', () => {
    expect(describeNetworkError(failure('something odd', { code: 'EWHATEVER' }))).toBe(
      'something odd (EWHATEVER)',
    );
    expect(describeNetworkError('plain string')).toBe('plain string');
  });
});
