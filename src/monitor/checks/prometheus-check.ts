import { request } from 'undici';
import {
  DEFAULT_PUSH_LIMITS,
  type MetricSample,
  PROMETHEUS_TEXT_LIMITS,
  parsePrometheusText,
} from '../ingest/index.js';
import { downResult } from './check-result.js';
import type { CheckContext, CheckResult, PrometheusCheckSpec } from './check-types.js';
import { startDeadline } from './deadline.js';
import { sharedHttpCheckAgent } from './http-check.js';
import type { HttpCheckAgent } from './http-check-agent.js';
import { describeNetworkError } from './network-error.js';
import { readBodyText } from './read-body.js';
import { startStopwatch } from './stopwatch.js';

/** Asks for the classic text format: OpenMetrics would need another parser. */
const ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

/** Options for callers that need their own connection pool (tests). */
export interface PrometheusCheckOptions {
  agent?: HttpCheckAgent;
}

/**
 * Scrapes a Prometheus text exposition. Up when the target answers 2xx and every line parses; degraded
 * when some lines could not be read, samples carry timestamps too old or too far ahead to store, or
 * there are more than `maxSamples` (the message counts them); down on any other status, a network
 * failure, a body over 10 MiB, or text that yields no sample but errors (not an exposition at all).
 * Samples get the spec's `targetLabels` where absent, and the scrape time when they carry none.
 */
export async function runPrometheusCheck(
  spec: PrometheusCheckSpec,
  context: CheckContext,
  options: PrometheusCheckOptions = {},
): Promise<CheckResult> {
  const elapsed = startStopwatch();
  if (!URL.canParse(spec.url)) return downResult(elapsed(), `invalid URL "${spec.url}"`);
  const url = new URL(spec.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return downResult(elapsed(), `unsupported URL scheme "${url.protocol}", expected http or https`);
  }
  const deadline = startDeadline(context, spec.timeoutMs);
  if (deadline.signal.aborted) return downResult(elapsed(), deadline.describe());

  const agent = options.agent ?? sharedHttpCheckAgent();
  let text: string;
  let statusCode: number | undefined;
  try {
    const response = await request(url, {
      dispatcher: agent.redirecting,
      method: 'GET',
      headers: withAccept(spec.headers),
      signal: deadline.signal,
    });
    statusCode = response.statusCode;
    if (statusCode < 200 || statusCode > 299) {
      await response.body.dump({ limit: 64 * 1024, signal: deadline.signal });
      return downResult(elapsed(), `HTTP ${statusCode}, expected 200-299`, { statusCode });
    }
    const body = await readBodyText(response.body, PROMETHEUS_TEXT_LIMITS.maxBytes + 1);
    if (body.truncated) {
      return downResult(elapsed(), `exposition is larger than ${PROMETHEUS_TEXT_LIMITS.maxBytes} bytes`, {
        statusCode,
      });
    }
    text = body.text;
  } catch (error) {
    const message = deadline.signal.aborted ? deadline.describe() : describeNetworkError(error);
    return downResult(elapsed(), message, statusCode === undefined ? undefined : { statusCode });
  }
  const latencyMs = elapsed();
  return judgeExposition(spec, text, context.now(), latencyMs, statusCode);
}

/** The monitor's headers, with our Accept unless it sets its own. */
function withAccept(headers: Record<string, string>): Record<string, string> {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'accept')
    ? headers
    : { accept: ACCEPT, ...headers };
}

/** Turns a scraped text into a result with its samples (pure: the scrape time is given). */
export function judgeExposition(
  spec: PrometheusCheckSpec,
  text: string,
  scrapeTime: number,
  latencyMs: number,
  statusCode: number,
): CheckResult {
  const parsed = parsePrometheusText(text, scrapeTime);
  const problems = parsed.errors.map((e) => (e.line > 0 ? `line ${e.line}: ${e.reason}` : e.reason));
  const oldest = scrapeTime - DEFAULT_PUSH_LIMITS.maxAgeMs;
  const latest = scrapeTime + DEFAULT_PUSH_LIMITS.maxFutureMs;
  const samples: MetricSample[] = [];
  let outOfRange = 0;
  let dropped = 0;
  for (const sample of parsed.samples) {
    if (sample.timestamp < oldest || sample.timestamp > latest) {
      outOfRange++;
      continue;
    }
    if (samples.length >= spec.maxSamples) {
      dropped++;
      continue;
    }
    samples.push({ ...sample, labels: { ...spec.targetLabels, ...sample.labels } });
  }
  if (outOfRange > 0) {
    problems.push(
      `${outOfRange} sample(s) with a timestamp over 1 hour old or over 5 minutes ahead were skipped`,
    );
  }
  if (dropped > 0) problems.push(`${dropped} sample(s) beyond maxSamples=${spec.maxSamples} were dropped`);
  const details = { statusCode, samples: samples.length, problems: problems.length };
  if (samples.length === 0 && parsed.errors.length > 0) {
    return downResult(latencyMs, `not a Prometheus text exposition: ${problems[0]}`, details);
  }
  const scraped = `scraped ${samples.length} sample${samples.length === 1 ? '' : 's'}`;
  if (problems.length === 0) return { status: 'up', latencyMs, message: scraped, details, samples };
  const lineErrors = parsed.errors.length;
  const counted =
    lineErrors > 0 ? `; ${lineErrors} line${lineErrors === 1 ? '' : 's'} could not be read` : '';
  return {
    status: 'degraded',
    latencyMs,
    message: `${scraped}${counted} (${problems[0]})`,
    details: { ...details, firstProblems: problems.slice(0, 5) },
    samples,
  };
}
