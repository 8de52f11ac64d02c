import type { SecretRef } from './secret-ref.js';

export type ReceiverKind = 'webhook' | 'slack' | 'email';
export const RECEIVER_KINDS: ReadonlyArray<ReceiverKind> = ['webhook', 'slack', 'email'];

/** Fields every receiver has, defaults filled in by the parser. */
export interface ReceiverCommon {
  /** Identifier routes and escalation tiers refer to. */
  name: string;
  /** Bound on one attempt, as written (`10s`); see receiverTimeoutMs. */
  timeout: string;
  /** Also notify when alerts resolve. */
  sendResolved: boolean;
}

/** POSTs a signed JSON document to a URL. */
export interface WebhookReceiver extends ReceiverCommon {
  kind: 'webhook';
  /** The URL, or a reference to it when it carries a token. */
  url: string | SecretRef;
  /** HMAC-SHA256 key for the `x-vigia-signature` header. */
  secret?: SecretRef;
  /** Extra headers; credentials only as references. */
  headers?: Record<string, string | SecretRef>;
}

/** Posts a message to a Slack incoming webhook (its URL is a secret, so always a reference). */
export interface SlackReceiver extends ReceiverCommon {
  kind: 'slack';
  url: SecretRef;
  channel?: string;
}

export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface SmtpSettings {
  host: string;
  /** Default by security: 587 starttls, 465 tls, 25 none. */
  port?: number;
  security: SmtpSecurity;
  user?: string;
  password?: SecretRef;
  /** Accept a self-signed or otherwise unverifiable server certificate. */
  allowInsecureTls: boolean;
}

/** Sends an e-mail through an SMTP server. */
export interface EmailReceiver extends ReceiverCommon {
  kind: 'email';
  smtp: SmtpSettings;
  from: string;
  to: string[];
}

/** One receiver document: one destination of one kind (stored in events: references, never secrets). */
export type ReceiverDocument = WebhookReceiver | SlackReceiver | EmailReceiver;
