import { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';

// One entry per https origin checked; the cap only guards against an unbounded set of origins.
const MAX_ORIGINS = 1_000;

/**
 * Remembers the `valid_to` of the certificate each https origin last presented. undici pools
 * connections, so a response cannot name its socket; but all connections of one origin come from
 * the same server name, so the certificate seen when the origin's newest connection opened is the
 * one its responses come over.
 */
export class PeerCertificateLog {
  readonly #validTo = new Map<string, string>();

  /** Wraps an undici connector so every TLS connection it opens records its peer's certificate. */
  wrap(connector: buildConnector.connector): buildConnector.connector {
    return (options, callback) => {
      connector(options, (...args: Parameters<buildConnector.Callback>) => {
        const socket = args[1];
        if (socket instanceof TLSSocket) this.#record(originKey(options.hostname, options.port), socket);
        callback(...args);
      });
    };
  }

  /** The `valid_to` of the certificate last seen for the URL's origin, if any. */
  validTo(url: URL): string | undefined {
    return this.#validTo.get(originKey(url.hostname.replace(/^\[|\]$/g, ''), url.port));
  }

  #record(key: string, socket: TLSSocket): void {
    const validTo = socket.getPeerCertificate().valid_to;
    if (!validTo) return;
    this.#validTo.delete(key);
    if (this.#validTo.size >= MAX_ORIGINS) {
      const oldest = this.#validTo.keys().next();
      if (!oldest.done) this.#validTo.delete(oldest.value);
    }
    this.#validTo.set(key, validTo);
  }
}

function originKey(hostname: string, port: string | number): string {
  return `${hostname.toLowerCase()}:${port || 443}`;
}
