import type { Dispatcher } from 'undici';
import type { NotificationRequestedData } from '../alert-events.js';
import type { ReceiverDocument } from './receiver-types.js';
import type { SecretRef } from './secret-ref.js';

/** What a channel gets for one attempt. */
export interface ChannelContext {
  /** Aborts when the attempt's own timeout expires. */
  signal: AbortSignal;
  /** The attempt's time budget (nodemailer takes its own socket timeouts from it). */
  timeoutMs: number;
  /** Time of the attempt (epoch ms): signature timestamps, Retry-After dates. */
  nowMs: number;
  /** The value of a secret reference; throws MissingSecretError (permanent) when it has none. */
  secret(ref: SecretRef): Promise<string>;
  /** HTTP connection pool for webhook and Slack posts; it never follows redirects. */
  http: Dispatcher;
}

/** A successful attempt: the destination's status or reply code. */
export interface ChannelResult {
  responseCode?: number;
}

/**
 * Sends one notification to one receiver, once. Failures throw AttemptFailedError saying
 * whether a retry could help; anything else thrown counts as a retryable failure.
 */
export type Channel<R extends ReceiverDocument = ReceiverDocument> = (
  receiver: R,
  notification: NotificationRequestedData,
  context: ChannelContext,
) => Promise<ChannelResult>;
