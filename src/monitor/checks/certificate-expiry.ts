import type { CheckStatus } from './check-types.js';

const DAY_MS = 86_400_000;

/** How a certificate's end of validity compares with now and the warning window. */
export interface CertificateExpiry {
  status: CheckStatus;
  /** End of validity, ISO 8601. */
  expiresAt: string;
  /** Whole days left, rounded down; once expired, minus the whole days since. */
  daysLeft: number;
  message: string;
}

/**
 * Judges a certificate's `valid_to` (as Node prints it: "Nov 22 05:02:38 2027 GMT") at `nowMs`:
 * down once expired, degraded within `warningDays`, else up. Undefined when the date is unreadable.
 */
export function judgeCertificateExpiry(
  validTo: string,
  nowMs: number,
  warningDays: number,
): CertificateExpiry | undefined {
  const expiresMs = Date.parse(validTo);
  if (Number.isNaN(expiresMs)) return undefined;
  const leftMs = expiresMs - nowMs;
  const daysLeft = Math.floor(leftMs / DAY_MS);
  const expiresAt = new Date(expiresMs).toISOString();
  const day = expiresAt.slice(0, 10);
  if (leftMs <= 0) {
    const ago = Math.floor(-leftMs / DAY_MS);
    return {
      status: 'down',
      expiresAt,
      // Counted like the message: expired 2 days 5 hours ago is -2, never -0.
      daysLeft: ago === 0 ? 0 : -ago,
      message: `certificate expired on ${day} (${plural(ago, 'day')} ago)`,
    };
  }
  if (leftMs <= warningDays * DAY_MS) {
    return {
      status: 'degraded',
      expiresAt,
      daysLeft,
      message: `certificate expires in ${plural(daysLeft, 'day')} (${day})`,
    };
  }
  return {
    status: 'up',
    expiresAt,
    daysLeft,
    message: `certificate valid for ${plural(daysLeft, 'more day')} (until ${day})`,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
