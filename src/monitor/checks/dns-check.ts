import { Resolver } from 'node:dns/promises';
import { downResult } from './check-result.js';
import type { CheckContext, CheckResult, DnsCheckSpec } from './check-types.js';
import { startDeadline } from './deadline.js';
import { missingAnswers, resolveAsText } from './dns-answers.js';
import { describeDnsError } from './dns-error.js';
import { startStopwatch } from './stopwatch.js';

const MAX_LISTED = 10;

/**
 * Runs a DNS check: asks the spec's resolver (or the system's) for the records; up when every
 * expected value is among the answers, or when there is any answer and nothing is expected. Never throws.
 */
export async function runDnsCheck(spec: DnsCheckSpec, context: CheckContext): Promise<CheckResult> {
  const elapsed = startStopwatch();
  const deadline = startDeadline(context, spec.timeoutMs);
  if (deadline.signal.aborted) return downResult(elapsed(), deadline.describe());
  // One try, bounded by the check's own timeout: retries would only outlast the deadline.
  const resolver = new Resolver({ timeout: Math.max(1, Math.ceil(spec.timeoutMs)), tries: 1 });
  if (spec.server !== undefined) {
    try {
      resolver.setServers([spec.server]);
    } catch {
      return downResult(elapsed(), `invalid DNS server "${spec.server}"`);
    }
  }

  const onAbort = (): void => resolver.cancel();
  deadline.signal.addEventListener('abort', onAbort, { once: true });
  let answers: string[];
  try {
    answers = await resolveAsText(resolver, spec.name, spec.recordType);
  } catch (error) {
    return downResult(
      elapsed(),
      deadline.signal.aborted ? deadline.describe() : describeDnsError(error, spec.name, spec.recordType),
    );
  } finally {
    deadline.signal.removeEventListener('abort', onAbort);
  }
  const latencyMs = elapsed();
  const details = { answers };
  const missing = missingAnswers(spec.recordType, spec.expected, answers);
  if (missing.length > 0) {
    return downResult(
      latencyMs,
      `${spec.recordType} ${spec.name}: missing ${list(missing)}; found ${answers.length > 0 ? list(answers) : 'nothing'}`,
      details,
    );
  }
  if (answers.length === 0) {
    return downResult(latencyMs, `${spec.name} has no ${spec.recordType} records`, details);
  }
  return { status: 'up', latencyMs, message: `${spec.recordType} ${spec.name}: ${list(answers)}`, details };
}

function list(values: string[]): string {
  const shown = values.slice(0, MAX_LISTED).join(', ');
  return values.length > MAX_LISTED ? `${shown} and ${values.length - MAX_LISTED} more` : shown;
}
