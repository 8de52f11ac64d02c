import { failedBodyAssertion, type ReadBody } from './body-assertions.js';
import type { CertificateExpiry } from './certificate-expiry.js';
import type { CheckResult, HttpCheckSpec } from './check-types.js';
import { effectiveStatusRanges, formatStatusRanges, isExpectedStatus } from './status-ranges.js';

/** What an HTTP check saw: the status, the body when it was read, timing and the certificate. */
export interface HttpObservation {
  statusCode: number;
  latencyMs: number;
  /** Present when assertions had to be checked. */
  body?: ReadBody;
  certificate?: CertificateExpiry;
}

/**
 * Judges a response: down on an unexpected status, a failed assertion or an expired certificate;
 * degraded when slower than `maxLatencyMs` or the certificate is close to expiry; else up.
 */
export function judgeHttpResponse(
  spec: Pick<HttpCheckSpec, 'expectedStatus' | 'assertions' | 'maxLatencyMs'>,
  seen: HttpObservation,
): CheckResult {
  const details: Record<string, unknown> = { statusCode: seen.statusCode };
  if (seen.certificate) {
    details.certificateExpiresAt = seen.certificate.expiresAt;
    details.certificateDaysLeft = seen.certificate.daysLeft;
  }
  if (seen.body?.truncated) details.bodyTruncated = true;
  const result = (status: CheckResult['status'], message: string): CheckResult => ({
    status,
    latencyMs: seen.latencyMs,
    message,
    details,
  });

  const ranges = effectiveStatusRanges(spec.expectedStatus);
  if (!isExpectedStatus(seen.statusCode, ranges)) {
    return result('down', `HTTP ${seen.statusCode}, expected ${formatStatusRanges(ranges)}`);
  }
  const failure = seen.body ? failedBodyAssertion(spec.assertions, seen.body) : undefined;
  if (failure !== undefined) return result('down', failure);
  if (seen.certificate?.status === 'down') return result('down', seen.certificate.message);

  const warnings: string[] = [];
  if (spec.maxLatencyMs !== undefined && seen.latencyMs > spec.maxLatencyMs) {
    warnings.push(`took ${Math.round(seen.latencyMs)} ms, more than ${spec.maxLatencyMs} ms`);
  }
  if (seen.certificate?.status === 'degraded') warnings.push(seen.certificate.message);
  if (warnings.length > 0) {
    return result('degraded', `HTTP ${seen.statusCode}, but ${warnings.join(' and ')}`);
  }
  return result('up', `HTTP ${seen.statusCode}`);
}
