import { describeCertificateProblem, isCertificateErrorCode } from './tls-error.js';

const NETWORK_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed while sending',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'address not available',
  EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  ERR_SOCKET_BAD_PORT: 'invalid port',
};

/** A person's words for why a connection or request failed (refused, unreachable, TLS …). */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOTFOUND') {
    const hostname = stringField(error, 'hostname');
    return hostname ? `host not found: ${hostname}` : 'host not found';
  }
  if (code !== undefined) {
    const known = NETWORK_PROBLEMS[code];
    if (known) return known;
    // Node's own words for certificate failures already say what is wrong ("certificate has expired").
    if (isCertificateErrorCode(code)) {
      return `TLS certificate rejected: ${message || describeCertificateProblem(code)}`;
    }
    // OpenSSL's message carries its error stack; `reason` is the readable part ("wrong version number").
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
      return `TLS handshake failed: ${stringField(error, 'reason') ?? message}`;
    }
    if (code.startsWith('HPE_')) return `invalid HTTP response: ${message}`;
  }
  if (message.startsWith('Redirect loop detected')) return 'redirect loop detected';
  if (!message) return code ?? 'unknown error';
  return code === undefined || message.includes(code) ? message : `${message} (${code})`;
}

function errorCode(error: unknown): string | undefined {
  const code = stringField(error, 'code');
  if (code) return code;
  // A connection attempt over several addresses (happy eyeballs) fails with all the attempts' errors.
  if (error instanceof AggregateError) return error.errors.map(errorCode).find((c) => c !== undefined);
  return undefined;
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found: unknown = (value as Record<string, unknown>)[field];
  return typeof found === 'string' ? found : undefined;
}
