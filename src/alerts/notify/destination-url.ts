import { AttemptFailedError } from './attempt-failure.js';
import type { ChannelContext } from './channel.js';
import { describeSecretRef, type SecretRef } from './secret-ref.js';
import { urlProblem } from './url-check.js';

/**
 * The URL to post to: as written, or read from its secret reference and checked then (the
 * parser could not see it). A bad referenced URL is permanent and its value is never shown.
 */
export async function destinationUrl(url: string | SecretRef, context: ChannelContext): Promise<string> {
  if (typeof url === 'string') return url;
  const value = await context.secret(url);
  const problem = urlProblem(value, false);
  if (problem) {
    throw new AttemptFailedError(`url from ${describeSecretRef(url)} ${problem}`, {
      retryable: false,
      code: 'NOTIFICATION_BAD_URL',
    });
  }
  return value;
}
