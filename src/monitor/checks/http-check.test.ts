import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, HttpCheckSpec } from './check-types.js';
import { closeHttpCheckAgent, runHttpCheck } from './http-check.js';
import { createHttpCheckAgent, type HttpCheckAgent } from './http-check-agent.js';
import { createTestCertificateAuthority } from './test-certificates.js';
import { closedTcpPort } from './test-ports.js';

const DAY = 86_400_000;
// Whole seconds, as certificates store them, so the expiry arithmetic below is exact.
const BASE = Math.floor(Date.now() / 1000) * 1000;
const NOW = BASE + 3_600_000;
// Far above every timeout used here: a check that settles must have given up on its own.
const SERVER_DELAY_MS = 10_000;
const SETTLE_BOUND_MS = 5_000;

const json = { status: 'green', data: { items: [{ state: 'running' }] }, version: '2.3.1', count: 3 };

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  switch (url.pathname) {
    case '/ok':
      res.end('all ok');
      return;
    case '/unavailable':
      res.statusCode = 503;
      res.end('down for maintenance');
      return;
    case '/slow': {
      const timer = setTimeout(() => res.end('slow but ok'), Number(url.searchParams.get('ms')));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case '/redirect':
      res.writeHead(302, { location: '/ok' }).end();
      return;
    case '/loop':
      res.writeHead(302, { location: '/loop' }).end();
      return;
    case '/json':
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(json));
      return;
    case '/text':
      res.end('plain text, not json');
      return;
    case '/big':
      res.end(`${'a'.repeat(2 * 1024 * 1024)}needle`);
      return;
    case '/echo': {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        res.end(
          JSON.stringify({
            method: req.method,
            probe: req.headers['x-probe'],
            body: Buffer.concat(chunks).toString(),
          }),
        ),
      );
      return;
    }
    default:
      res.statusCode = 404;
      res.end();
  }
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function stop(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function context(signal: AbortSignal = new AbortController().signal, now = NOW): CheckContext {
  return { signal, now: () => now };
}

describe('runHttpCheck', () => {
  const server = http.createServer(handle);
  let base = '';
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });

  const spec = (path: string, overrides: Partial<HttpCheckSpec> = {}): HttpCheckSpec => ({
    kind: 'http',
    url: `${base}${path}`,
    method: 'GET',
    headers: {},
    expectedStatus: [[200, 299]],
    assertions: [],
    followRedirects: false,
    timeoutMs: 5_000,
    ...overrides,
  });

  beforeAll(async () => {
    base = `http://127.0.0.1:${await listen(server)}`;
  });

  afterAll(async () => {
    await closeHttpCheckAgent();
    await stop(server);
  });

  it('is up on a 2xx answer, with the status code and a measured latency', async () => {
    const result = await runHttpCheck(spec('/ok'), context());
    expect(result).toMatchObject({ status: 'up', message: 'HTTP 200', details: { statusCode: 200 } });
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('is down on an unexpected status, saying what was expected', async () => {
    expect(await runHttpCheck(spec('/unavailable'), context())).toMatchObject({
      status: 'down',
      message: 'HTTP 503, expected 200-299',
      details: { statusCode: 503 },
    });
    expect(
      await runHttpCheck(spec('/unavailable', { expectedStatus: [[503, 503]] }), context()),
    ).toMatchObject({
      status: 'up',
    });
  });

  it('sends the method, headers and body of the spec', async () => {
    const result = await runHttpCheck(
      spec('/echo', {
        method: 'POST',
        headers: { 'x-probe': 'vigia', 'content-type': 'text/plain' },
        body: 'ping',
        assertions: [
          { type: 'json_path_equals', path: 'method', value: 'POST' },
          { type: 'json_path_equals', path: 'probe', value: 'vigia' },
          { type: 'json_path_equals', path: 'body', value: 'ping' },
        ],
      }),
      context(),
    );
    expect(result).toMatchObject({ status: 'up' });
  });

  it('checks text assertions', async () => {
    const pass = await runHttpCheck(
      spec('/ok', {
        assertions: [
          { type: 'contains', value: 'ok' },
          { type: 'not_contains', value: 'error' },
        ],
      }),
      context(),
    );
    expect(pass.status).toBe('up');
    expect(
      await runHttpCheck(spec('/ok', { assertions: [{ type: 'contains', value: 'healthy' }] }), context()),
    ).toMatchObject({
      status: 'down',
      message: 'body does not contain "healthy"',
      details: { statusCode: 200 },
    });
    expect(
      await runHttpCheck(spec('/ok', { assertions: [{ type: 'not_contains', value: 'ok' }] }), context()),
    ).toMatchObject({ status: 'down', message: 'body contains "ok"' });
  });

  it('checks JSON path assertions', async () => {
    const pass = await runHttpCheck(
      spec('/json', {
        assertions: [
          { type: 'json_path_equals', path: 'status', value: 'green' },
          { type: 'json_path_equals', path: 'count', value: 3 },
          { type: 'json_path_matches', path: 'data.items[0].state', pattern: '^run' },
        ],
      }),
      context(),
    );
    expect(pass.status).toBe('up');
    const equals = await runHttpCheck(
      spec('/json', {
        assertions: [{ type: 'json_path_equals', path: 'data.items[0].state', value: 'stopped' }],
      }),
      context(),
    );
    expect(equals).toMatchObject({
      status: 'down',
      message: '$.data.items[0].state is "running", expected "stopped"',
    });
    const matches = await runHttpCheck(
      spec('/json', { assertions: [{ type: 'json_path_matches', path: 'version', pattern: '^3\\.' }] }),
      context(),
    );
    expect(matches).toMatchObject({
      status: 'down',
      message: '$.version is "2.3.1", expected to match /^3\\./',
    });
  });

  it('fails JSON assertions on a body that is not JSON, and names an invalid pattern', async () => {
    expect(
      await runHttpCheck(
        spec('/text', { assertions: [{ type: 'json_path_equals', path: 'status', value: 'green' }] }),
        context(),
      ),
    ).toMatchObject({ status: 'down', message: 'body is not JSON, cannot read $.status' });
    const invalid = await runHttpCheck(
      spec('/json', { assertions: [{ type: 'json_path_matches', path: 'version', pattern: '[' }] }),
      context(),
    );
    expect(invalid.status).toBe('down');
    expect(invalid.message).toContain('pattern "[" is not a valid regular expression');
  });

  it('reads at most 1 MiB of a body for assertions', async () => {
    const result = await runHttpCheck(
      spec('/big', { assertions: [{ type: 'contains', value: 'needle' }] }),
      context(),
    );
    expect(result).toMatchObject({
      status: 'down',
      message: 'body does not contain "needle" (only the first 1 MiB of the body is read)',
      details: { statusCode: 200, bodyTruncated: true },
    });
  });

  it('is degraded when the answer is slower than maxLatencyMs', async () => {
    const result = await runHttpCheck(spec('/slow?ms=300', { maxLatencyMs: 50 }), context());
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^HTTP 200, but took \d+ ms, more than 50 ms$/);
    expect(result.latencyMs).toBeGreaterThan(50);
  });

  it('follows redirects only when told to, judging a 3xx by the ranges otherwise', async () => {
    expect(await runHttpCheck(spec('/redirect', { followRedirects: true }), context())).toMatchObject({
      status: 'up',
      details: { statusCode: 200 },
    });
    expect(await runHttpCheck(spec('/redirect'), context())).toMatchObject({
      status: 'down',
      message: 'HTTP 302, expected 200-299',
    });
    expect(await runHttpCheck(spec('/redirect', { expectedStatus: [[300, 399]] }), context())).toMatchObject({
      status: 'up',
      details: { statusCode: 302 },
    });
    expect(await runHttpCheck(spec('/loop', { followRedirects: true }), context())).toMatchObject({
      status: 'down',
    });
  });

  it('times out promptly on its own timeout', async () => {
    const started = performance.now();
    const result = await runHttpCheck(spec(`/slow?ms=${SERVER_DELAY_MS}`, { timeoutMs: 300 }), context());
    expect(result).toMatchObject({ status: 'down', message: 'timed out after 300 ms' });
    expect(performance.now() - started).toBeLessThan(SETTLE_BOUND_MS);
  });

  it('gives up promptly when the scheduler aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const result = await runHttpCheck(spec(`/slow?ms=${SERVER_DELAY_MS}`), context(controller.signal));
    expect(result).toMatchObject({ status: 'down', message: 'check aborted' });
    expect(performance.now() - started).toBeLessThan(SETTLE_BOUND_MS);
    expect(await runHttpCheck(spec('/ok'), context(AbortSignal.abort()))).toMatchObject({
      status: 'down',
      message: 'check aborted',
    });
  });

  it('is down when the connection is refused or the URL is unusable', async () => {
    const port = await closedTcpPort();
    expect(await runHttpCheck(spec('', { url: `http://127.0.0.1:${port}/` }), context())).toMatchObject({
      status: 'down',
      message: 'connection refused',
    });
    expect(await runHttpCheck(spec('', { url: 'not a url' }), context())).toMatchObject({
      status: 'down',
      message: 'invalid URL "not a url"',
    });
    expect(await runHttpCheck(spec('', { url: 'ftp://127.0.0.1/' }), context())).toMatchObject({
      status: 'down',
    });
  });

  it('reuses pooled connections between checks', async () => {
    await runHttpCheck(spec('/ok'), context());
    const before = connections;
    for (let i = 0; i < 3; i += 1) {
      expect(
        (await runHttpCheck(spec('/ok', { assertions: [{ type: 'contains', value: 'ok' }] }), context()))
          .status,
      ).toBe('up');
    }
    expect(connections).toBe(before);
  });

  it('opens a new pool after the shared one is closed', async () => {
    await closeHttpCheckAgent();
    expect((await runHttpCheck(spec('/ok'), context())).status).toBe('up');
  });
});

describe('runHttpCheck over https', () => {
  const servers: https.Server[] = [];
  let agent: HttpCheckAgent;
  let valid = '';
  let expiringSoon = '';

  const spec = (url: string, overrides: Partial<HttpCheckSpec> = {}): HttpCheckSpec => ({
    kind: 'http',
    url,
    method: 'GET',
    headers: {},
    expectedStatus: [[200, 299]],
    assertions: [],
    followRedirects: false,
    certificateExpiryWarningDays: 14,
    timeoutMs: 5_000,
    ...overrides,
  });

  async function serve(pair: { key: string; cert: string }): Promise<string> {
    const server = https.createServer(pair, handle);
    servers.push(server);
    return `https://127.0.0.1:${await listen(server)}`;
  }

  beforeAll(async () => {
    const ca = await createTestCertificateAuthority();
    valid = await serve(await ca.issue(new Date(BASE - DAY), new Date(BASE + 365 * DAY)));
    expiringSoon = await serve(await ca.issue(new Date(BASE - DAY), new Date(BASE + 5 * DAY + 3_600_000)));
    agent = createHttpCheckAgent({ ca: ca.cert });
  });

  afterAll(async () => {
    await agent.close();
    await closeHttpCheckAgent();
    await Promise.all(servers.map(stop));
  });

  it('reports the certificate expiry of a healthy https endpoint', async () => {
    const result = await runHttpCheck(spec(`${valid}/ok`), context(), { agent });
    expect(result).toMatchObject({
      status: 'up',
      message: 'HTTP 200',
      details: {
        statusCode: 200,
        certificateExpiresAt: new Date(BASE + 365 * DAY).toISOString(),
        certificateDaysLeft: 364,
      },
    });
    // The next check rides the pooled connection and still knows the certificate.
    const again = await runHttpCheck(spec(`${valid}/ok`), context(), { agent });
    expect(again.details).toMatchObject({ certificateDaysLeft: 364 });
  });

  it('is degraded when the certificate expires within the warning days', async () => {
    expect(await runHttpCheck(spec(`${expiringSoon}/ok`), context(), { agent })).toMatchObject({
      status: 'degraded',
      message: `HTTP 200, but certificate expires in 5 days (${new Date(BASE + 5 * DAY).toISOString().slice(0, 10)})`,
      details: { certificateDaysLeft: 5 },
    });
  });

  it('is down once the certificate has expired', async () => {
    const later = BASE + 400 * DAY;
    expect(await runHttpCheck(spec(`${valid}/ok`), context(undefined, later), { agent })).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^certificate expired on \d{4}-\d{2}-\d{2} \(35 days ago\)$/),
    });
  });

  it('is down when the certificate is not trusted', async () => {
    const result = await runHttpCheck(spec(`${valid}/ok`), context());
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^TLS certificate rejected: /);
  });
});
