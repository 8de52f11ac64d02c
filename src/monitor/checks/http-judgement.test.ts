import { describe, expect, it } from 'vitest';
import { judgeHttpResponse } from './http-judgement.js';

const spec = { expectedStatus: [[200, 299]] as Array<[number, number]>, assertions: [], maxLatencyMs: 500 };
const soon = {
  status: 'degraded' as const,
  expiresAt: '2026-06-06T00:00:00.000Z',
  daysLeft: 5,
  message: 'certificate expires in 5 days (2026-06-06)',
};

describe('judgeHttpResponse', () => {
  it('is up on an expected status in time', () => {
    expect(judgeHttpResponse(spec, { statusCode: 204, latencyMs: 12 })).toEqual({
      status: 'up',
      latencyMs: 12,
      message: 'HTTP 204',
      details: { statusCode: 204 },
    });
  });

  it('is down on an unexpected status, before anything else', () => {
    expect(judgeHttpResponse(spec, { statusCode: 503, latencyMs: 900 })).toMatchObject({
      status: 'down',
      message: 'HTTP 503, expected 200-299',
      details: { statusCode: 503 },
    });
  });

  it('is down on a failed assertion', () => {
    const result = judgeHttpResponse(
      { ...spec, assertions: [{ type: 'contains', value: 'ok' }] },
      { statusCode: 200, latencyMs: 5, body: { text: 'nope', truncated: false } },
    );
    expect(result).toMatchObject({ status: 'down', message: 'body does not contain "ok"' });
  });

  it('is degraded when slow or the certificate is close to expiry, naming both', () => {
    expect(judgeHttpResponse(spec, { statusCode: 200, latencyMs: 812.4 }).message).toBe(
      'HTTP 200, but took 812 ms, more than 500 ms',
    );
    const both = judgeHttpResponse(spec, { statusCode: 200, latencyMs: 900, certificate: soon });
    expect(both).toEqual({
      status: 'degraded',
      latencyMs: 900,
      message: 'HTTP 200, but took 900 ms, more than 500 ms and certificate expires in 5 days (2026-06-06)',
      details: { statusCode: 200, certificateExpiresAt: soon.expiresAt, certificateDaysLeft: 5 },
    });
  });

  it('is down when the certificate has expired', () => {
    const expired = {
      ...soon,
      status: 'down' as const,
      daysLeft: -1,
      message: 'certificate expired on 2026-06-06 (1 day ago)',
    };
    expect(judgeHttpResponse(spec, { statusCode: 200, latencyMs: 1, certificate: expired })).toMatchObject({
      status: 'down',
      message: expired.message,
    });
  });
});
