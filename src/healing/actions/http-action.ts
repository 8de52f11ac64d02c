import { type Dispatcher, request } from 'undici';
import { isRetryableStatus, parseRetryAfter, readLimited } from '../../resilience/index.js';
import { ActionAttemptError, type AttemptReport, InvalidActionError } from './action-errors.js';
import { describeError, detailWith } from './attempt-detail.js';
import type { HttpActionMethod, RenderedAction } from './rendered-action.js';

export type HttpAction = Extract<RenderedAction, { kind: 'http' }>;

/** At most this much of an answer is read: it is only quoted, and a hostile server could send gigabytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

const METHODS: readonly HttpActionMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** What an attempt needs besides the action: the abort signal of its timeout and the connection pool. */
export interface HttpAttemptContext {
  signal: AbortSignal;
  /** An undici dispatcher; an Agent follows no redirects, so a 3xx is an answer. */
  dispatcher: Dispatcher;
  /** Now, in ms since the epoch, to turn a Retry-After date into a delay. */
  nowMs: number;
}

/** Checks an HTTP action before any attempt and returns its URL; throws InvalidActionError. */
export function parseHttpAction(action: HttpAction): URL {
  if (!METHODS.includes(action.method)) {
    throw new InvalidActionError(
      `http action: method "${String(action.method)}" is not one of ${METHODS.join(', ')}`,
      { method: action.method },
    );
  }
  return parseHttpUrl(action.url, 'http action');
}

/** `text` as an http(s) URL, or InvalidActionError naming what is wrong (the URL is not quoted: it may hold a token). */
export function parseHttpUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new InvalidActionError(`${what}: url is not a valid absolute URL`, { cause: describeError(cause) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidActionError(`${what}: url must use http or https, got "${url.protocol}"`, {
      protocol: url.protocol,
    });
  }
  return url;
}

/**
 * Sends one HTTP request and judges the answer: 2xx resolves with the status and an excerpt of
 * the answer; anything else throws ActionAttemptError, retryable for 408/429/5xx and network
 * errors. Redirects are never followed.
 */
export async function runHttpAction(
  action: { method: HttpActionMethod; url: string; headers: Record<string, string>; body?: string },
  context: HttpAttemptContext,
): Promise<AttemptReport> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(action.url, {
      method: action.method,
      headers: { 'user-agent': 'vigia', ...action.headers },
      ...(action.body === undefined ? {} : { body: action.body }),
      dispatcher: context.dispatcher,
      signal: context.signal,
    });
  } catch (error) {
    // undici refuses malformed input (a header with a line break …) before sending: retrying cannot help.
    const invalid = (error as { code?: unknown } | null)?.code === 'UND_ERR_INVALID_ARG';
    throw new ActionAttemptError(
      { detail: detailWith(invalid ? 'invalid request' : 'network error', describeError(error)) },
      { retryable: !invalid, destinationFault: !invalid, cause: error },
    );
  }
  const status = response.statusCode;
  let answer = '';
  try {
    answer = await readLimited(response.body, MAX_ANSWER_BYTES);
  } catch {
    // The status is what counts; an answer cut short (timeout, reset) is only less quotable.
  }
  if (status >= 200 && status < 300) return { detail: detailWith(`HTTP ${status}`, answer), status };
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    const where = typeof location === 'string' ? ` to ${location}` : '';
    throw new ActionAttemptError(
      { detail: detailWith(`HTTP ${status}: redirect${where} not followed; use the final URL`, ''), status },
      { retryable: false, destinationFault: false },
    );
  }
  const retryable = isRetryableStatus(status);
  const retryAfterMs = retryable
    ? parseRetryAfter(response.headers['retry-after'], context.nowMs)
    : undefined;
  throw new ActionAttemptError(
    { detail: detailWith(`HTTP ${status}`, answer), status },
    { retryable, destinationFault: retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  );
}
