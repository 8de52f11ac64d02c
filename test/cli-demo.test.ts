import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatorFleet, startSimulatorFleet } from '../src/monitor/index.js';
import { demoSimulatorFleet } from '../src/server/index.js';
import { runVigia } from './support/run-cli.js';

const TEMP_PREFIX = path.join(tmpdir(), 'vigia-cli-demo-');
let dataDir: string;
let emptyDir: string;
let fleet: SimulatorFleet;

beforeAll(async () => {
  dataDir = await mkdtemp(TEMP_PREFIX);
  emptyDir = await mkdtemp(TEMP_PREFIX);
  fleet = await startSimulatorFleet(demoSimulatorFleet());
  const services = fleet.addresses().map(({ name, url }) => ({ name, url }));
  await writeFile(path.join(dataDir, 'demo-fleet.json'), JSON.stringify({ services }));
});

afterAll(async () => {
  await fleet?.stop();
  // Only ever the directories this file created.
  for (const dir of [dataDir, emptyDir]) {
    if (dir?.startsWith(TEMP_PREFIX)) await rm(dir, { recursive: true, force: true });
  }
});

beforeEach(() => {
  for (const service of fleet.services) service.resetFaults();
});

function demo(...args: string[]) {
  return runVigia(['--data-dir', dataDir, 'demo', ...args], { VIGIA_CONFIG: '', VIGIA_DATA_DIR: undefined });
}

/** The fault settings a simulated service reports at GET /chaos. */
async function faultsOf(name: string): Promise<Record<string, unknown>> {
  const url = fleet.addresses().find((a) => a.name === name)!.chaosUrl;
  return (await (await fetch(url)).json()) as Record<string, unknown>;
}

describe('vigia demo', () => {
  it('switches a named fault on at one service, and reset switches every service back', async () => {
    const chaos = await demo('chaos', 'db', 'down');
    expect(chaos, chaos.stderr).toMatchObject({ code: 0, stdout: 'db: fault "down" on (available=false)\n' });
    expect(await faultsOf('db')).toMatchObject({ available: false });
    expect(await faultsOf('api')).toMatchObject({ available: true });

    expect((await demo('chaos', 'api', 'errors')).code).toBe(0);
    expect(await faultsOf('api')).toMatchObject({ failureRate: 0.8 });

    const status = await demo('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^db\s+http:\/\/127\.0\.0\.1:\d+\s+down\s+false/m);
    expect(status.stdout).toMatch(/^api\s+\S+\s+errors\s+true\s+0\.8/m);
    expect(status.stdout).toMatch(/^web\s+\S+\s+-\s+true/m);

    const reset = await demo('reset');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout.trim().split('\n')).toHaveLength(7);
    expect(await faultsOf('db')).toMatchObject({ available: true });
    expect(await faultsOf('api')).toMatchObject({ failureRate: 0 });
  });

  it('takes --set fields, prints JSON with --json, and resets one service', async () => {
    const chaos = await demo(
      'chaos',
      'cache',
      '--set',
      'failureRate=0.5',
      '--set',
      'latencyMs=800',
      '--json',
    );
    expect(chaos.code, chaos.stderr).toBe(0);
    expect(JSON.parse(chaos.stdout)).toMatchObject({
      service: 'cache',
      faults: { failureRate: 0.5, latencyMs: 800, available: true },
    });
    expect(await faultsOf('cache')).toMatchObject({ failureRate: 0.5, latencyMs: 800 });
    expect((await demo('chaos', 'queue', 'cpu')).code).toBe(0);

    const reset = await demo('reset', 'cache');
    expect(reset).toMatchObject({ code: 0, stdout: 'cache: faults reset\n' });
    expect(await faultsOf('cache')).toMatchObject({ failureRate: 0, latencyMs: 1 });
    expect(await faultsOf('queue')).toMatchObject({ cpuPercent: 97 });
  });

  it('exits 2 naming a service, fault or field that is wrong, and changes nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['chaos', 'nope', 'down'], /unknown demo service "nope": the demo fleet in .* has web, api, db/],
      [['reset', 'nope'], /unknown demo service "nope"/],
      [['chaos', 'db', 'melt'], /fault must be one of down, slow, errors, cpu, got "melt"/],
      [['chaos', 'db'], /Give a fault \(down, slow, errors, cpu\) or at least one --set/],
      [['chaos', 'db', '--set', 'failureRate=2'], /--set failureRate: must be a number from 0 to 1/],
      [['chaos', 'db', '--set', 'colour=red'], /--set must look like <field>=<value>/],
      [['chaos', 'db', '--set', 'available=maybe'], /--set available must be true or false/],
    ];
    for (const [args, message] of cases) {
      const run = await demo(...args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('    at ');
    }
    for (const service of fleet.services) expect(activeFaults(service.faults())).toBe(false);
  });

  it('exits 6 when no demo fleet runs in the data directory', async () => {
    const run = await runVigia(['--data-dir', emptyDir, 'demo', 'chaos', 'db', 'down'], { VIGIA_CONFIG: '' });
    expect(run.code).toBe(6);
    expect(run.stderr).toBe(
      `vigia: no demo fleet is running in ${emptyDir} (start one with \`vigia up\` on an empty data directory, or give --data-dir)\n`,
    );
    expect((await runVigia(['--data-dir', emptyDir, 'demo', 'reset'], { VIGIA_CONFIG: '' })).code).toBe(6);
  });

  it('exits 4 when the fleet in the file does not answer, and 2 when the file is not loopback', async () => {
    const stale = await mkdtemp(TEMP_PREFIX);
    try {
      const gone = await startSimulatorFleet({ services: [{ name: 'db' }] });
      const url = gone.addresses()[0]!.url;
      await gone.stop();
      await writeFile(
        path.join(stale, 'demo-fleet.json'),
        JSON.stringify({ services: [{ name: 'db', url }] }),
      );
      const run = await runVigia(['--data-dir', stale, 'demo', 'reset'], { VIGIA_CONFIG: '' });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`the simulated service at ${url} does not answer`);

      const remote = { services: [{ name: 'db', url: 'http://198.51.100.7:8080' }] };
      await writeFile(path.join(stale, 'demo-fleet.json'), JSON.stringify(remote));
      const refused = await runVigia(['--data-dir', stale, 'demo', 'chaos', 'db', 'down'], {
        VIGIA_CONFIG: '',
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/services\.0\.url: must be on loopback/);
    } finally {
      if (stale.startsWith(TEMP_PREFIX)) await rm(stale, { recursive: true, force: true });
    }
  });
});

function activeFaults(faults: { available: boolean; failureRate: number; cpuPercent: number }): boolean {
  return !faults.available || faults.failureRate > 0 || faults.cpuPercent > 90;
}
