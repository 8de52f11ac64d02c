import net from 'node:net';
import tls, { type PeerCertificate, type TLSSocket } from 'node:tls';
import { judgeCertificateExpiry } from './certificate-expiry.js';
import { downResult } from './check-result.js';
import type { CheckContext, CheckResult, TlsCheckSpec } from './check-types.js';
import { startDeadline } from './deadline.js';
import { describeNetworkError } from './network-error.js';
import { openSocket } from './open-socket.js';
import { startStopwatch } from './stopwatch.js';
import { describeCertificateProblem } from './tls-error.js';

/** Options outside the spec; `ca` replaces the trusted roots (tests, private CAs). */
export interface TlsCheckOptions {
  ca?: string | Buffer | Array<string | Buffer>;
}

/**
 * Runs a TLS check: handshake, then down when the certificate is untrusted, for another name or
 * expired; degraded when it expires within the warning days; else up. Never throws.
 */
export async function runTlsCheck(
  spec: TlsCheckSpec,
  context: CheckContext,
  options: TlsCheckOptions = {},
): Promise<CheckResult> {
  const elapsed = startStopwatch();
  const deadline = startDeadline(context, spec.timeoutMs);
  // SNI takes names only; for an IP address the certificate is checked against the address itself.
  const servername = spec.servername ?? (net.isIP(spec.host) ? undefined : spec.host);
  let socket: TLSSocket;
  try {
    socket = await openSocket(
      () =>
        tls.connect({
          host: spec.host,
          port: spec.port,
          servername,
          // Verification is judged below, so an untrusted certificate is still read and reported.
          rejectUnauthorized: false,
          ...(options.ca === undefined ? {} : { ca: options.ca }),
        }),
      'secureConnect',
      deadline.signal,
    );
  } catch (error) {
    return downResult(elapsed(), deadline.signal.aborted ? deadline.describe() : describeNetworkError(error));
  }
  const latencyMs = elapsed();
  const certificate = socket.getPeerCertificate();
  const authorizationError = socket.authorized ? undefined : String(socket.authorizationError ?? 'unknown');
  const protocol = socket.getProtocol();
  socket.destroy();

  if (!certificate.valid_to) return downResult(latencyMs, 'server presented no certificate');
  const expiry = judgeCertificateExpiry(
    certificate.valid_to,
    context.now(),
    spec.certificateExpiryWarningDays,
  );
  const details: Record<string, unknown> = {
    subject: firstName(certificate.subject),
    issuer: firstName(certificate.issuer),
    validTo: expiry?.expiresAt ?? certificate.valid_to,
    daysLeft: expiry?.daysLeft,
    protocol,
  };
  const result = (status: CheckResult['status'], message: string): CheckResult => ({
    status,
    latencyMs,
    message,
    details,
  });
  if (expiry?.status === 'down') return result('down', expiry.message);
  if (authorizationError !== undefined) {
    return result('down', describeCertificateProblem(authorizationError, servername ?? spec.host));
  }
  if (expiry === undefined) {
    return result('down', `certificate end date unreadable: "${certificate.valid_to}"`);
  }
  return result(expiry.status, expiry.message);
}

// Node gives a repeated attribute as an array; the first is the one people recognise.
function firstName(name: PeerCertificate['subject'] | undefined): string | undefined {
  const value = name?.CN ?? name?.O;
  return Array.isArray(value) ? value[0] : value;
}
