import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../kernel/index.js';
import {
  SimulatedService,
  type SimulatedServiceOptions,
  startSimulatedService,
} from './simulated-service.js';

const running: SimulatedService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
});

async function start(options: Partial<SimulatedServiceOptions> = {}): Promise<SimulatedService> {
  const service = await startSimulatedService({ name: 'api', ...options });
  running.push(service);
  return service;
}

function postChaos(service: SimulatedService, body: string, path = '/chaos'): Promise<Response> {
  return fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

/** Minimal Prometheus text parser: throws on any line that is not a comment or a valid sample. */
function parsePrometheus(text: string): Map<string, { type: string; labels: string; value: number }> {
  const types = new Map<string, string>();
  const samples = new Map<string, { type: string; labels: string; value: number }>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not Prometheus text: ${line}`);
    const name = sample[1]!;
    const value = Number(sample[3]);
    expect(Number.isFinite(value), line).toBe(true);
    expect(types.get(name), `TYPE before ${name}`).toBeDefined();
    samples.set(name, { type: types.get(name)!, labels: sample[2] ?? '', value });
  }
  return samples;
}

/** Sends a chunked body of `size` bytes (no content-length); resolves with the status, or 0 if the connection was cut. */
function postChunked(url: string, size: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}/chaos`, { method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    const chunk = Buffer.alloc(16 * 1024, 'x');
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('SimulatedService', () => {
  it('answers / and /health with its name, /info with its dependencies, and 404/405 elsewhere', async () => {
    const service = await start({ dependsOn: ['db', 'cache'] });
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const path of ['/', '/health', '/health?probe=1']) {
      const response = await fetch(`${service.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', service: 'api' });
    }
    const info = await (await fetch(`${service.url}/info`)).json();
    expect(info).toMatchObject({ service: 'api', dependsOn: ['db', 'cache'] });
    expect((await fetch(`${service.url}/nope`)).status).toBe(404);
    const post = await fetch(`${service.url}/health`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${service.url}/chaos`, { method: 'PUT' })).status).toBe(405);
  });

  it('answers about failureRate of requests with 500 and counts them as errors', async () => {
    const service = await start({ failureRate: 0.3 });
    const total = 400;
    let failed = 0;
    for (let batch = 0; batch < total / 20; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, async () => (await fetch(`${service.url}/health`)).status),
      );
      for (const status of statuses) {
        expect([200, 500]).toContain(status);
        if (status === 500) failed++;
      }
    }
    // Binomial(400, 0.3) has a standard deviation of ~9; 0.15..0.45 is over 6 of them either side.
    expect(failed / total).toBeGreaterThan(0.15);
    expect(failed / total).toBeLessThan(0.45);
    expect(service.stats()).toMatchObject({ requests: total, errors: failed });

    service.setFaults({ failureRate: 1 });
    expect((await fetch(`${service.url}/`)).status).toBe(500);
    service.setFaults({ failureRate: 0 });
    expect((await fetch(`${service.url}/`)).status).toBe(200);
  });

  it('delays service answers by latency plus jitter, but never /chaos or /metrics', async () => {
    // random() near 1 pins the jitter at its maximum (and never fails a request: failureRate is 0).
    const service = await start({ latencyMs: 150, jitterMs: 150, random: () => 0.999 });
    const started = performance.now();
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    // Lower bound only: a loaded machine may be slower, never faster.
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);

    // With two minutes of latency, control routes still answer well inside the test timeout.
    await postChaos(service, '{"latencyMs":120000}');
    const signal = AbortSignal.timeout(10_000);
    expect((await fetch(`${service.url}/chaos`, { signal })).status).toBe(200);
    expect((await fetch(`${service.url}/metrics`, { signal })).status).toBe(200);
    expect((await fetch(`${service.url}/info`, { signal })).status).toBe(200);
    // A request still waiting out its latency does not hold stop() up.
    const pending = fetch(`${service.url}/health`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await service.stop();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('cuts connections while unavailable, yet /chaos still answers and switches it back', async () => {
    const service = await start();
    const switched = await postChaos(service, '{"available":false}');
    expect(switched.status).toBe(200);
    expect(await switched.json()).toMatchObject({ available: false });

    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
    await expect(fetch(`${service.url}/metrics`)).rejects.toThrow();
    const chaos = await fetch(`${service.url}/chaos`);
    expect(await chaos.json()).toMatchObject({ available: false });
    expect(service.stats()).toMatchObject({ requests: 2, errors: 2 });

    expect((await postChaos(service, '{"available":true}')).status).toBe(200);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });

  it('refuses bad /chaos input with 400 naming the field, and keeps running with settings unchanged', async () => {
    const service = await start({ failureRate: 0.1 });
    const before = await (await fetch(`${service.url}/chaos`)).json();
    const cases: Array<[string, RegExp]> = [
      ['{"failureRate":1.5}', /failureRate: must be a number from 0 to 1/],
      ['{"failureRate":-0.1}', /failureRate/],
      ['{"failureRate":"0.5"}', /failureRate/],
      ['{"latencyMs":12.5}', /latencyMs: must be a whole number/],
      ['{"latencyMs":120001}', /latencyMs/],
      ['{"jitterMs":null}', /jitterMs/],
      ['{"available":"no"}', /available: must be true or false/],
      ['{"cpuPercent":101}', /cpuPercent/],
      ['{"memoryPercent":-1}', /memoryPercent/],
      ['{"failureRate":0.5,"latency":800}', /unknown field\(s\) latency/],
      ['{"__proto__":{"available":false}}', /unknown field\(s\) __proto__/],
      ['[{"failureRate":0.5}]', /body: must be a JSON object/],
      ['null', /body: must be a JSON object/],
      ['"available"', /body: must be a JSON object/],
      ['{"failureRate":', /body: not valid JSON/],
      ['', /body: not valid JSON/],
      ['\u0000', /body: not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const response = await postChaos(service, body);
      expect(response.status, body).toBe(400);
      const answer = (await response.json()) as { error: string };
      expect(answer.error, body).toMatch(message);
    }

    const huge = await postChaos(service, JSON.stringify({ failureRate: 0.5, pad: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'body: larger than 65536 bytes' });
    // Without content-length the body is counted as it arrives; the answer may race the cut connection.
    expect([0, 413]).toContain(await postChunked(service.url, 1024 * 1024));

    expect(await (await fetch(`${service.url}/chaos`)).json()).toEqual(before);
    expect((await postChaos(service, '{}')).status).toBe(200);
    expect((await fetch(`${service.url}/health`)).status).toBeLessThan(600);
    expect(() => service.setFaults({ failureRate: 2 })).toThrow(ValidationError);
  });

  it('switches any subset of faults with POST /chaos and restores the start settings with /chaos/reset', async () => {
    const service = await start({ latencyMs: 5, cpuPercent: 50, memoryPercent: 60 });
    const initial = await (await fetch(`${service.url}/chaos`)).json();
    expect(initial).toEqual({
      failureRate: 0,
      latencyMs: 5,
      jitterMs: 0,
      available: true,
      cpuPercent: 50,
      memoryPercent: 60,
    });
    const changed = await postChaos(
      service,
      '{"failureRate":0.5,"latencyMs":800,"jitterMs":100,"available":false,"cpuPercent":97,"memoryPercent":40}',
    );
    expect(await changed.json()).toEqual({
      failureRate: 0.5,
      latencyMs: 800,
      jitterMs: 100,
      available: false,
      cpuPercent: 97,
      memoryPercent: 40,
    });
    expect(await (await postChaos(service, '{"cpuPercent":10}')).json()).toMatchObject({
      cpuPercent: 10,
      failureRate: 0.5,
    });
    const reset = await postChaos(service, '', '/chaos/reset');
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual(initial);
    expect(service.faults()).toEqual(initial);
    expect((await fetch(`${service.url}/chaos/reset`)).status).toBe(405);
  });

  it('exposes cpu, memory, requests and errors as Prometheus text', async () => {
    const service = await start({ name: 'db', cpuPercent: 40, memoryPercent: 70, failureRate: 1 });
    await fetch(`${service.url}/health`);
    await fetch(`${service.url}/`);
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = parsePrometheus(await response.text());
    expect([...metrics.keys()].sort()).toEqual([
      'cpu_percent',
      'errors_total',
      'memory_percent',
      'requests_total',
    ]);
    for (const { labels } of metrics.values()) expect(labels).toBe('{service="db"}');
    expect(metrics.get('cpu_percent')).toMatchObject({ type: 'gauge' });
    expect(metrics.get('cpu_percent')!.value).toBeGreaterThanOrEqual(37);
    expect(metrics.get('cpu_percent')!.value).toBeLessThanOrEqual(43);
    expect(metrics.get('memory_percent')!.value).toBeGreaterThanOrEqual(69);
    expect(metrics.get('memory_percent')!.value).toBeLessThanOrEqual(71);
    expect(metrics.get('requests_total')).toMatchObject({ type: 'counter', value: 2 });
    expect(metrics.get('errors_total')).toMatchObject({ type: 'counter', value: 2 });
  });

  it('refuses invalid options, and stop closes the port (twice is fine)', async () => {
    expect(() => new SimulatedService({ name: 'has space' })).toThrow(/name/);
    expect(() => new SimulatedService({ name: 'a', failureRate: 2 })).toThrow(/failureRate/);
    expect(() => new SimulatedService({ name: 'a', port: 70000 })).toThrow(/port/);
    expect(
      () =>
        new SimulatedService({ name: 'a', ...({ failurerate: 0.5 } as Partial<SimulatedServiceOptions>) }),
    ).toThrow(/unknown field\(s\) failurerate/);

    const service = await start();
    const { url } = service;
    await service.stop();
    await service.stop();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
