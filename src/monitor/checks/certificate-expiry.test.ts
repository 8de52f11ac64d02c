import { describe, expect, it } from 'vitest';
import { judgeCertificateExpiry } from './certificate-expiry.js';

const DAY = 86_400_000;
const now = Date.UTC(2026, 5, 1, 12, 0, 0);

describe('judgeCertificateExpiry', () => {
  it('is up with the days left when outside the warning window', () => {
    expect(judgeCertificateExpiry('Jun 30 12:00:00 2026 GMT', now, 14)).toEqual({
      status: 'up',
      expiresAt: '2026-06-30T12:00:00.000Z',
      daysLeft: 29,
      message: 'certificate valid for 29 more days (until 2026-06-30)',
    });
  });

  it('is degraded within the warning window, counting whole days down', () => {
    const judged = judgeCertificateExpiry(new Date(now + 5 * DAY + 3_600_000).toUTCString(), now, 14);
    expect(judged).toMatchObject({
      status: 'degraded',
      daysLeft: 5,
      message: 'certificate expires in 5 days (2026-06-06)',
    });
    expect(judgeCertificateExpiry(new Date(now + 14 * DAY).toUTCString(), now, 14)?.status).toBe('degraded');
  });

  it('is down once expired', () => {
    expect(judgeCertificateExpiry(new Date(now - 2 * DAY).toUTCString(), now, 14)).toMatchObject({
      status: 'down',
      daysLeft: -2,
      message: 'certificate expired on 2026-05-30 (2 days ago)',
    });
    expect(judgeCertificateExpiry(new Date(now).toUTCString(), now, 0)?.status).toBe('down');
  });

  it('gives nothing for an unreadable date', () => {
    expect(judgeCertificateExpiry('not a date', now, 14)).toBeUndefined();
  });
});
