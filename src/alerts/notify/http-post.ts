import { request } from 'undici';
import { isRetryableStatus, parseRetryAfter, readLimited } from '../../resilience/index.js';
import { AttemptFailedError } from './attempt-failure.js';
import type { ChannelContext } from './channel.js';

/** At most this much of an answer is read: it is only quoted in errors, and a hostile server could send gigabytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;
const QUOTED_ANSWER_CHARS = 200;

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if any. */
export function quote(answer: string): string {
  const flat = answer.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '';
  return `: ${flat.length > QUOTED_ANSWER_CHARS ? `${flat.slice(0, QUOTED_ANSWER_CHARS)}…` : flat}`;
}

/** `connect ECONNREFUSED 127.0.0.1:9` with the error code when the message lacks it. */
export function describeNetworkError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * POSTs a JSON body and judges the answer: 2xx resolves with the status; anything else throws
 * AttemptFailedError, retryable for 408/429/5xx and network errors (with Retry-After honoured).
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  context: ChannelContext,
): Promise<number> {
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'vigia', ...headers },
      body,
      dispatcher: context.http,
      signal: context.signal,
    });
  } catch (error) {
    throw new AttemptFailedError(`network error: ${describeNetworkError(error)}`, {
      retryable: true,
      cause: error,
    });
  }
  const status = response.statusCode;
  let answer = '';
  try {
    answer = await readLimited(response.body, MAX_ANSWER_BYTES);
  } catch {
    // The status is what counts; an answer cut short (timeout, reset) is only less quotable.
  }
  if (status >= 200 && status < 300) return status;
  if (status >= 300 && status < 400) {
    throw new AttemptFailedError(
      `HTTP ${status}: redirects are not followed; configure the URL it points to`,
      {
        retryable: false,
        responseCode: status,
      },
    );
  }
  const retryable = isRetryableStatus(status);
  const retryAfterMs = retryable
    ? parseRetryAfter(response.headers['retry-after'], context.nowMs)
    : undefined;
  throw new AttemptFailedError(`HTTP ${status}${quote(answer)}`, {
    retryable,
    responseCode: status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
