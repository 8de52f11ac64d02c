import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, PrometheusCheckSpec } from './check-types.js';
import { closeHttpCheckAgent } from './http-check.js';
import { createHttpCheckAgent, type HttpCheckAgent } from './http-check-agent.js';
import { runPrometheusCheck } from './prometheus-check.js';
import { runCheck } from './run-check.js';
import { closedTcpPort } from './test-ports.js';

const NOW = Date.UTC(2026, 10, 22, 10, 0, 30);

const GOOD = `# HELP cpu_percent CPU in use
# TYPE cpu_percent gauge
cpu_percent{service="checkout"} 12.5
http_requests_total{code="200"} 1027
http_requests_total{code="500"} 3 ${NOW - 1000}
`;
const PARTIAL = `cpu_percent 40
memory_percent{ 12
broken_value abc
requests_per_second 7
`;
const HTML = '<html><body>It works!</body></html>\n';
const STALE = `fresh 1\nstale 2 ${NOW - 2 * 3_600_000}\n`;

let server: http.Server;
let base: string;
let agent: HttpCheckAgent;
const seenHeaders: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenHeaders.push(req.headers);
    const bodies: Record<string, string> = {
      '/metrics': GOOD,
      '/partial': PARTIAL,
      '/html': HTML,
      '/stale': STALE,
    };
    const body = bodies[req.url ?? ''];
    if (req.url === '/error') {
      res.statusCode = 500;
      res.end('internal error');
      return;
    }
    if (body === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent = createHttpCheckAgent();
});

afterAll(async () => {
  await agent.close();
  await closeHttpCheckAgent();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const context = (): CheckContext => ({ signal: new AbortController().signal, now: () => NOW });

function spec(path: string, overrides: Partial<PrometheusCheckSpec> = {}): PrometheusCheckSpec {
  return {
    kind: 'prometheus',
    url: `${base}${path}`,
    headers: {},
    maxSamples: 10_000,
    targetLabels: { monitor: 'checkout-metrics', service: 'shop' },
    timeoutMs: 5_000,
    ...overrides,
  };
}

describe('prometheus check', () => {
  it('is up on a clean exposition, adding monitor and service labels and the scrape time where absent', async () => {
    const result = await runPrometheusCheck(
      spec('/metrics', { headers: { authorization: 'Bearer s3cret' } }),
      context(),
      {
        agent,
      },
    );
    expect(result).toMatchObject({
      status: 'up',
      message: 'scraped 3 samples',
      details: { statusCode: 200 },
    });
    expect(result.samples).toEqual([
      // The target's own service label wins over the monitor's.
      {
        name: 'cpu_percent',
        value: 12.5,
        labels: { monitor: 'checkout-metrics', service: 'checkout' },
        timestamp: NOW,
      },
      {
        name: 'http_requests_total',
        value: 1027,
        labels: { monitor: 'checkout-metrics', service: 'shop', code: '200' },
        timestamp: NOW,
      },
      {
        name: 'http_requests_total',
        value: 3,
        labels: { monitor: 'checkout-metrics', service: 'shop', code: '500' },
        timestamp: NOW - 1000,
      },
    ]);
    const headers = seenHeaders[seenHeaders.length - 1]!;
    expect(headers.authorization).toBe('Bearer s3cret');
    expect(headers.accept).toContain('text/plain;version=0.0.4');
  });

  it('is degraded when some lines cannot be read, counting them and keeping the good samples', async () => {
    const result = await runPrometheusCheck(spec('/partial'), context(), { agent });
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^scraped 2 samples; 2 lines could not be read \(line 2: /);
    expect(result.samples?.map((s) => s.name)).toEqual(['cpu_percent', 'requests_per_second']);
  });

  it('is degraded when samples are too old to store or beyond maxSamples, and says so', async () => {
    const stale = await runPrometheusCheck(spec('/stale'), context(), { agent });
    expect(stale.status).toBe('degraded');
    expect(stale.message).toMatch(/1 sample\(s\) with a timestamp over 1 hour old/);
    expect(stale.samples?.map((s) => s.name)).toEqual(['fresh']);
    const capped = await runPrometheusCheck(spec('/metrics', { maxSamples: 2 }), context(), { agent });
    expect(capped.status).toBe('degraded');
    expect(capped.message).toMatch(/1 sample\(s\) beyond maxSamples=2 were dropped/);
    expect(capped.samples).toHaveLength(2);
  });

  it('is down on an answer that is not an exposition, on HTTP 500 and when the connection is refused', async () => {
    const html = await runPrometheusCheck(spec('/html'), context(), { agent });
    expect(html).toMatchObject({ status: 'down' });
    expect(html.message).toMatch(/^not a Prometheus text exposition: line 1: /);
    expect(html.samples).toBeUndefined();

    const failing = await runPrometheusCheck(spec('/error'), context(), { agent });
    expect(failing).toMatchObject({
      status: 'down',
      message: 'HTTP 500, expected 200-299',
      details: { statusCode: 500 },
    });

    const port = await closedTcpPort();
    const refused = await runPrometheusCheck(
      spec('', { url: `http://127.0.0.1:${port}/metrics` }),
      context(),
      {
        agent,
      },
    );
    expect(refused).toMatchObject({ status: 'down', message: 'connection refused' });
  });

  it('runs through runCheck like every other kind, and refuses a non-http URL', async () => {
    const result = await runCheck(spec('/metrics'), context());
    expect(result.status).toBe('up');
    const ftp = await runCheck(spec('', { url: 'ftp://127.0.0.1/metrics' }), context());
    expect(ftp).toMatchObject({
      status: 'down',
      message: 'unsupported URL scheme "ftp:", expected http or https',
    });
  });
});
