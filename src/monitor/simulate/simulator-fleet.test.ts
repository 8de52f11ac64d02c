import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError, VigiaError } from '../../kernel/index.js';
import { demoFleetDescription } from './demo-fleet.js';
import { parseFleetDescription } from './fleet-schema.js';
import { type SimulatorFleet, startSimulatorFleet } from './simulator-fleet.js';

const fleets: SimulatorFleet[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  await Promise.all(fleets.splice(0).map((fleet) => fleet.stop()));
  await Promise.all(
    blockers.splice(0).map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))),
  );
});

/** Resolves true when something accepts a TCP connection on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Listens on a free loopback port and keeps it, so a service asked to use it fails. */
async function occupiedPort(): Promise<number> {
  const server = createServer();
  blockers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('simulator fleet', () => {
  it('starts the demo fleet: five services with their dependencies, each answering, and stop closes every port', async () => {
    const fleet = await startSimulatorFleet(demoFleetDescription());
    fleets.push(fleet);
    const addresses = fleet.addresses();
    expect(addresses.map((a) => a.name)).toEqual(['web', 'api', 'db', 'cache', 'queue']);
    expect(new Set(addresses.map((a) => a.port)).size).toBe(5);
    for (const { url, chaosUrl, name } of addresses) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(chaosUrl).toBe(`${url}/chaos`);
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', service: name });
    }
    const dependsOn = Object.fromEntries(addresses.map((a) => [a.name, a.dependsOn]));
    expect(dependsOn).toEqual({ web: ['api'], api: ['db', 'cache'], db: [], cache: [], queue: [] });
    const web = fleet.service('web')!;
    expect(await (await fetch(`${web.url}/info`)).json()).toMatchObject({
      service: 'web',
      dependsOn: ['api'],
    });
    expect(fleet.service('db')!.faults().memoryPercent).toBeGreaterThan(
      fleet.service('cache')!.faults().memoryPercent,
    );

    await fleet.stop();
    for (const { port } of addresses) expect(await accepts(port)).toBe(false);
  });

  it('expands the count shorthand with shared defaults, and overrides win over the description', async () => {
    const fleet = await startSimulatorFleet(
      { count: 3, namePrefix: 'bench', failureRate: 1 },
      { overrides: { latencyMs: 1 } },
    );
    fleets.push(fleet);
    expect(fleet.addresses().map((a) => a.name)).toEqual(['bench-1', 'bench-2', 'bench-3']);
    for (const service of fleet.services) {
      expect(service.faults()).toMatchObject({ failureRate: 1, latencyMs: 1 });
      expect((await fetch(`${service.url}/health`)).status).toBe(500);
    }
    const overridden = await startSimulatorFleet({ count: 2 }, { overrides: { failureRate: 1 } });
    fleets.push(overridden);
    expect(overridden.addresses().map((a) => a.name)).toEqual(['svc-1', 'svc-2']);
    expect((await fetch(`${overridden.services[1]!.url}/`)).status).toBe(500);
    await expect(startSimulatorFleet({ count: 1 }, { overrides: { failureRate: 3 } })).rejects.toThrow(
      /failureRate/,
    );
  });

  it('refuses invalid descriptions, naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /either services .* or count/],
      [{ count: 2, services: [{ name: 'a' }] }, /either services/],
      [{ count: 0 }, /count: must be a whole number from 1 to 1000/],
      [{ count: 1001 }, /count/],
      [{ services: [] }, /services: must list at least one service/],
      [{ services: [{ name: 'a' }, { name: 'a' }] }, /services\.1\.name: "a" appears twice/],
      [{ services: [{ name: 'a', dependsOn: ['b'] }] }, /services\.0\.dependsOn: "b" is not a service/],
      [{ services: [{ name: 'a', dependsOn: ['a'] }] }, /cannot depend on itself/],
      [{ services: [{ name: 'a', colour: 'red' }] }, /unknown field\(s\) services\.0\.colour/],
      [
        { services: [{ name: 'a', failureRate: 2 }] },
        /services\.0\.failureRate: must be a number from 0 to 1/,
      ],
      [{ services: [{ name: '../etc' }] }, /services\.0\.name/],
      [
        {
          services: [
            { name: 'a', port: 80 },
            { name: 'b', port: 80 },
          ],
        },
        /services\.1\.port: 80 appears twice/,
      ],
      [{ services: [{ name: 'a' }], namePrefix: 'x' }, /namePrefix: only goes with count/],
      [{ count: 1, pushUrl: 'http://example.com/push' }, /pushUrl: host example\.com is not loopback/],
      [{ count: 1, pushUrl: 'ftp://127.0.0.1/' }, /pushUrl: must be an http/],
      [{ count: 1, pushToken: 't' }, /pushToken: needs pushUrl/],
      [{ count: 1, pushUrl: 'http://127.0.0.1:9/', pushIntervalMs: 10 }, /pushIntervalMs/],
      ['services: []', /\(root\)/],
    ];
    for (const [raw, message] of cases) {
      expect(() => parseFleetDescription(raw), JSON.stringify(raw)).toThrow(message);
      expect(() => parseFleetDescription(raw)).toThrow(ValidationError);
    }
    expect(
      parseFleetDescription({ count: 1, pushUrl: 'https://metrics.example.org/push', allowRemotePush: true }),
    ).toMatchObject({ pushUrl: 'https://metrics.example.org/push', allowRemotePush: true });
  });

  it('stops the services it started when one of them cannot listen', async () => {
    const taken = await occupiedPort();
    const error = await startSimulatorFleet({
      services: [{ name: 'first' }, { name: 'second', port: taken }, { name: 'third' }],
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(VigiaError);
    expect((error as VigiaError).code).toBe('SIMULATOR_LISTEN_FAILED');
    expect((error as Error).message).toMatch(
      new RegExp(`"second" cannot listen on 127\\.0\\.0\\.1:${taken}`),
    );
    await expect(startSimulatorFleet({ count: 2 }, { basePort: 65535 })).rejects.toThrow(/basePort/);
  });
});
