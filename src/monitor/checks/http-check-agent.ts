import { Agent, buildConnector, type Dispatcher, interceptors } from 'undici';
import { PeerCertificateLog } from './peer-certificates.js';

const CONNECTIONS_PER_ORIGIN = 4;
// Below Node's 5 s server keep-alive, so a pooled connection is not reused just as the server drops it.
const KEEP_ALIVE_MS = 4_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTIONS = 10;

/** Settings of an HTTP check agent; `ca` replaces the trusted roots (tests, private CAs). */
export interface HttpCheckAgentOptions {
  ca?: string | Buffer | Array<string | Buffer>;
}

/** The connection pool HTTP checks share, with and without redirect following. */
export interface HttpCheckAgent {
  /** Answers with the first response, 3xx included. */
  readonly direct: Dispatcher;
  /** Follows up to 10 redirects; the last 3xx is returned when there are more. */
  readonly redirecting: Dispatcher;
  /** `valid_to` of the certificate last presented by the URL's origin. */
  certificateValidTo(url: URL): string | undefined;
  /** Closes the pool's connections once their requests are done. */
  close(): Promise<void>;
}

/** A keep-alive pool for HTTP checks that records peer certificates for expiry warnings. */
export function createHttpCheckAgent(options: HttpCheckAgentOptions = {}): HttpCheckAgent {
  const certificates = new PeerCertificateLog();
  const connect = certificates.wrap(
    buildConnector({ timeout: CONNECT_TIMEOUT_MS, ...(options.ca === undefined ? {} : { ca: options.ca }) }),
  );
  const agent = new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: KEEP_ALIVE_MS, connect });
  return {
    direct: agent,
    redirecting: agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS })),
    certificateValidTo: (url) => certificates.validTo(url),
    close: () => agent.close(),
  };
}
