import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, TlsCheckSpec } from './check-types.js';
import { createTestCertificateAuthority, type TestCertificateAuthority } from './test-certificates.js';
import { closedTcpPort } from './test-ports.js';
import { runTlsCheck } from './tls-check.js';

const DAY = 86_400_000;
// Whole seconds, as certificates store them, so the expiry arithmetic below is exact.
const BASE = Math.floor(Date.now() / 1000) * 1000;
const NOW = BASE + 3_600_000;
const SETTLE_BOUND_MS = 5_000;

function context(signal: AbortSignal = new AbortController().signal, now = NOW): CheckContext {
  return { signal, now: () => now };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('runTlsCheck', () => {
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  let ca: TestCertificateAuthority;
  const ports = { valid: 0, soon: 0, expired: 0, silent: 0, plain: 0 };

  const spec = (port: number, overrides: Partial<TlsCheckSpec> = {}): TlsCheckSpec => ({
    kind: 'tls',
    host: '127.0.0.1',
    port,
    certificateExpiryWarningDays: 14,
    timeoutMs: 5_000,
    ...overrides,
  });

  function track(server: net.Server): net.Server {
    servers.push(server);
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  }

  async function serveTls(notBefore: number, notAfter: number): Promise<number> {
    const pair = await ca.issue(new Date(notBefore), new Date(notAfter));
    const server = tls.createServer(pair, (socket) => {
      socket.on('error', () => {});
      socket.end();
    });
    return listen(track(server));
  }

  beforeAll(async () => {
    ca = await createTestCertificateAuthority();
    ports.valid = await serveTls(BASE - DAY, BASE + 365 * DAY);
    ports.soon = await serveTls(BASE - DAY, BASE + 5 * DAY + 3_600_000);
    ports.expired = await serveTls(BASE - 30 * DAY, BASE - 2 * DAY);
    // Accepts and never answers the handshake.
    ports.silent = await listen(track(net.createServer()));
    ports.plain = await listen(
      track(net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))),
    );
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });

  it('is up with the certificate facts when valid and far from expiry', async () => {
    const result = await runTlsCheck(spec(ports.valid), context(), { ca: ca.cert });
    expect(result).toMatchObject({
      status: 'up',
      message: `certificate valid for 364 more days (until ${new Date(BASE + 365 * DAY).toISOString().slice(0, 10)})`,
      details: {
        subject: 'localhost',
        issuer: 'Vigia Test CA',
        validTo: new Date(BASE + 365 * DAY).toISOString(),
        daysLeft: 364,
      },
    });
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(
      await runTlsCheck(spec(ports.valid, { host: 'localhost' }), context(), { ca: ca.cert }),
    ).toMatchObject({
      status: 'up',
    });
  });

  it('is degraded when the certificate expires within the warning days', async () => {
    expect(await runTlsCheck(spec(ports.soon), context(), { ca: ca.cert })).toMatchObject({
      status: 'degraded',
      message: `certificate expires in 5 days (${new Date(BASE + 5 * DAY).toISOString().slice(0, 10)})`,
      details: { daysLeft: 5 },
    });
  });

  it('is down when the certificate has expired', async () => {
    expect(await runTlsCheck(spec(ports.expired), context(), { ca: ca.cert })).toMatchObject({
      status: 'down',
      message: `certificate expired on ${new Date(BASE - 2 * DAY).toISOString().slice(0, 10)} (2 days ago)`,
      details: { daysLeft: -2 },
    });
    // The same arithmetic with a clock past a still-valid certificate's end.
    expect(
      await runTlsCheck(spec(ports.valid), context(undefined, BASE + 366 * DAY), { ca: ca.cert }),
    ).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^certificate expired on .* \(1 day ago\)$/),
    });
  });

  it('is down when the certificate is untrusted or for another name', async () => {
    expect(await runTlsCheck(spec(ports.valid), context())).toMatchObject({
      status: 'down',
      message: expect.stringContaining('(UNABLE_TO_VERIFY_LEAF_SIGNATURE)'),
      details: { issuer: 'Vigia Test CA' },
    });
    expect(
      await runTlsCheck(spec(ports.valid, { servername: 'wrong.example' }), context(), { ca: ca.cert }),
    ).toMatchObject({
      status: 'down',
      message: 'certificate does not match wrong.example (ERR_TLS_CERT_ALTNAME_INVALID)',
    });
  });

  it('is down when nothing listens or the server does not speak TLS', async () => {
    expect(await runTlsCheck(spec(await closedTcpPort()), context())).toMatchObject({
      status: 'down',
      message: 'connection refused',
    });
    const plain = await runTlsCheck(spec(ports.plain), context());
    expect(plain.status).toBe('down');
    expect(plain.message).not.toBe('');
  });

  it('times out promptly when the handshake never completes', async () => {
    const started = performance.now();
    expect(await runTlsCheck(spec(ports.silent, { timeoutMs: 300 }), context())).toMatchObject({
      status: 'down',
      message: 'timed out after 300 ms',
    });
    expect(performance.now() - started).toBeLessThan(SETTLE_BOUND_MS);
  });

  it('gives up promptly when the scheduler aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    expect(await runTlsCheck(spec(ports.silent), context(controller.signal))).toMatchObject({
      status: 'down',
      message: 'check aborted',
    });
    expect(performance.now() - started).toBeLessThan(SETTLE_BOUND_MS);
  });
});
