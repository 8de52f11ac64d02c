import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../kernel/index.js';
import { isLoopbackHost, pushTargetProblem } from './metrics-pusher.js';
import {
  SimulatedService,
  type SimulatedServiceOptions,
  startSimulatedService,
} from './simulated-service.js';
import { startSimulatorFleet } from './simulator-fleet.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: {
    samples: Array<{ name: string; value: number; labels: Record<string, string>; timestamp: string }>;
  };
}

const stoppers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
});

/** A loopback receiver that records each push and answers `status`. */
async function receiver(status = 204): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stoppers.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/api/metrics/push`, received };
}

async function start(options: SimulatedServiceOptions): Promise<SimulatedService> {
  const service = await startSimulatedService(options);
  stoppers.push(() => service.stop());
  return service;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition(), what).toBe(true);
}

describe('metrics push', () => {
  it('posts cpu and memory samples with the bearer token to a loopback receiver, until stopped', async () => {
    const { url, received } = await receiver();
    const service = await start({
      name: 'api',
      cpuPercent: 50,
      memoryPercent: 60,
      pushUrl: url,
      pushIntervalMs: 100,
      pushToken: 'sekret-token',
    });
    await until(() => received.length >= 2, 'two pushes');
    for (const { headers, body } of received) {
      expect(headers.authorization).toBe('Bearer sekret-token');
      expect(headers['content-type']).toBe('application/json');
      expect(body.samples.map((s) => s.name)).toEqual(['cpu_percent', 'memory_percent']);
      for (const sample of body.samples) {
        expect(sample.labels).toEqual({ service: 'api' });
        expect(new Date(sample.timestamp).toISOString()).toBe(sample.timestamp);
      }
      expect(Math.abs(body.samples[0]!.value - 50)).toBeLessThanOrEqual(3);
      expect(Math.abs(body.samples[1]!.value - 60)).toBeLessThanOrEqual(1);
    }
    expect(service.stats().push.sent).toBeGreaterThanOrEqual(2);

    await service.stop();
    const count = received.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.length).toBe(count);
  });

  it('counts failed pushes (error answers, nobody listening) without crashing, and sends no token unless given', async () => {
    const failing = await receiver(500);
    const service = await start({ name: 'db', pushUrl: failing.url, pushIntervalMs: 100 });
    await until(() => service.stats().push.failed >= 2, 'two failed pushes');
    expect(service.stats().push.sent).toBe(0);
    expect(failing.received[0]!.headers.authorization).toBeUndefined();

    const closed = await receiver();
    await stoppers.pop()!();
    const nobody = await start({ name: 'cache', pushUrl: closed.url, pushIntervalMs: 100 });
    await until(() => nobody.stats().push.failed >= 1, 'a failed push');
    expect((await fetch(`${nobody.url}/health`)).status).toBe(200);
  });

  it('refuses a push URL off this machine unless allowRemotePush is set', async () => {
    for (const pushUrl of [
      'http://example.com/push',
      'http://10.0.0.1/push',
      'http://[::2]/',
      'http://127.0.0.1.nip.io/',
    ]) {
      expect(() => new SimulatedService({ name: 'api', pushUrl }), pushUrl).toThrow(ValidationError);
      expect(() => new SimulatedService({ name: 'api', pushUrl }), pushUrl).toThrow(/not loopback/);
    }
    expect(() => new SimulatedService({ name: 'api', pushUrl: 'not a url' })).toThrow(/not a URL/);
    expect(() => new SimulatedService({ name: 'api', pushUrl: 'http://u:p@127.0.0.1/' })).toThrow(
      /credentials/,
    );
    await expect(startSimulatorFleet({ count: 1, pushUrl: 'http://example.com/push' })).rejects.toThrow(
      /not loopback/,
    );
    // Allowed, but never started here: nothing leaves this machine in a test.
    expect(
      new SimulatedService({
        name: 'api',
        pushUrl: 'https://metrics.example.org/push',
        allowRemotePush: true,
      }).name,
    ).toBe('api');

    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'LOCALHOST']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['example.com', '10.0.0.1', '[::2]', '128.0.0.1', '0.0.0.0']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
    expect(pushTargetProblem('http://localhost:8080/api/metrics/push', false)).toBeUndefined();
  });

  it('makes every service of a fleet push when the fleet has a pushUrl', async () => {
    const { url, received } = await receiver();
    const fleet = await startSimulatorFleet({ count: 3, pushUrl: url, pushIntervalMs: 100, pushToken: 't' });
    stoppers.push(() => fleet.stop());
    const services = () => new Set(received.map((r) => r.body.samples[0]!.labels.service));
    await until(() => services().size === 3, 'a push from each service');
    expect([...services()].sort()).toEqual(['svc-1', 'svc-2', 'svc-3']);
  });
});
