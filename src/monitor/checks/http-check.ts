import { request } from 'undici';
import { judgeCertificateExpiry } from './certificate-expiry.js';
import { downResult } from './check-result.js';
import type { CheckContext, CheckResult, HttpCheckSpec } from './check-types.js';
import { startDeadline } from './deadline.js';
import { createHttpCheckAgent, type HttpCheckAgent } from './http-check-agent.js';
import { judgeHttpResponse } from './http-judgement.js';
import { describeNetworkError } from './network-error.js';
import { readBodyText } from './read-body.js';
import { effectiveStatusRanges, isExpectedStatus } from './status-ranges.js';
import { startStopwatch } from './stopwatch.js';

// Assertions see at most the first 1 MiB of a body: enough for any health or status page, and it
// bounds the memory one check can take whatever the server sends.
const BODY_LIMIT_BYTES = 1024 * 1024;

let sharedAgent: HttpCheckAgent | undefined;

/** Options for callers that need their own connection pool (tests with a private CA). */
export interface HttpCheckOptions {
  agent?: HttpCheckAgent;
}

/** Runs an HTTP(S) check: request, status, body assertions, latency and certificate expiry. Never throws. */
export async function runHttpCheck(
  spec: HttpCheckSpec,
  context: CheckContext,
  options: HttpCheckOptions = {},
): Promise<CheckResult> {
  const elapsed = startStopwatch();
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return downResult(elapsed(), `invalid URL "${spec.url}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return downResult(elapsed(), `unsupported URL scheme "${url.protocol}", expected http or https`);
  }
  const deadline = startDeadline(context, spec.timeoutMs);
  if (deadline.signal.aborted) return downResult(elapsed(), deadline.describe());

  const agent = options.agent ?? sharedHttpCheckAgent();
  let statusCode: number | undefined;
  try {
    const response = await request(url, {
      dispatcher: spec.followRedirects ? agent.redirecting : agent.direct,
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      signal: deadline.signal,
    });
    statusCode = response.statusCode;
    const needsBody =
      spec.assertions.length > 0 && isExpectedStatus(statusCode, effectiveStatusRanges(spec.expectedStatus));
    // The rest of the body is always read or dropped, so the connection goes back to the pool or closes.
    const body = needsBody ? await readBodyText(response.body, BODY_LIMIT_BYTES) : undefined;
    if (!needsBody) await response.body.dump({ limit: BODY_LIMIT_BYTES, signal: deadline.signal });
    const latencyMs = elapsed();
    const validTo =
      url.protocol === 'https:' && spec.certificateExpiryWarningDays !== undefined
        ? agent.certificateValidTo(url)
        : undefined;
    const certificate =
      validTo === undefined || spec.certificateExpiryWarningDays === undefined
        ? undefined
        : judgeCertificateExpiry(validTo, context.now(), spec.certificateExpiryWarningDays);
    return judgeHttpResponse(spec, { statusCode, latencyMs, body, certificate });
  } catch (error) {
    const message = deadline.signal.aborted ? deadline.describe() : describeNetworkError(error);
    return downResult(elapsed(), message, statusCode === undefined ? undefined : { statusCode });
  }
}

/** Closes the shared HTTP check connection pool (at shutdown); a later check opens a new one. */
export async function closeHttpCheckAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  await agent?.close();
}

/** The connection pool HTTP checks share (prometheus scrapes use it too). */
export function sharedHttpCheckAgent(): HttpCheckAgent {
  sharedAgent ??= createHttpCheckAgent();
  return sharedAgent;
}
