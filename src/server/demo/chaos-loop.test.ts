import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/index.js';
import { type SimulatorFleet, startSimulatorFleet } from '../../monitor/index.js';
import { type ChaosLoop, type ChaosTickOutcome, startChaosLoop } from './chaos-loop.js';
import { activeDemoFault, DEMO_FAULTS } from './demo-faults.js';
import { demoSimulatorFleet } from './demo-fleet.js';
import { seededRandom } from './seeded-random.js';

let fleet: SimulatorFleet;
let loop: ChaosLoop | undefined;

beforeEach(async () => {
  fleet = await startSimulatorFleet(demoSimulatorFleet());
});

afterEach(async () => {
  await loop?.stop();
  loop = undefined;
  await fleet.stop();
});

/** The named fault each service has on, by service. */
function faultsOn(): Record<string, string> {
  return Object.fromEntries(
    fleet.services.flatMap((service) => {
      const fault = activeDemoFault(service.faults());
      return fault ? [[service.name, fault]] : [];
    }),
  );
}

function start(clock: FakeClock, seed: number, outcomes: ChaosTickOutcome[]): ChaosLoop {
  const services = fleet.addresses().map(({ name, url }) => ({ name, url }));
  return startChaosLoop({ services, clock, random: seededRandom(seed), onTick: (o) => outcomes.push(o) });
}

describe('ChaosLoop', () => {
  it('switches one random fault on after 20 s through /chaos, then none while it is on, and stops', async () => {
    const clock = new FakeClock();
    const outcomes: ChaosTickOutcome[] = [];
    loop = start(clock, 7, outcomes);

    await clock.advance(19_999);
    await loop.idle();
    expect(outcomes).toEqual([]);
    expect(faultsOn()).toEqual({});

    await clock.advance(1);
    await loop.idle();
    expect(outcomes).toHaveLength(1);
    const first = outcomes[0]!;
    if (first.action !== 'injected') expect.fail(`expected a fault, got ${JSON.stringify(first)}`);
    expect(faultsOn()).toEqual({ [first.service]: first.fault });
    expect(fleet.service(first.service)!.faults()).toMatchObject(DEMO_FAULTS[first.fault]);

    // One fault at a time: the next ticks skip while it is on.
    for (let i = 0; i < 3; i++) {
      await clock.advance(60_000);
      await loop.idle();
    }
    expect(outcomes.slice(1)).toEqual(
      Array.from({ length: 3 }, () => ({ action: 'skipped', service: first.service, fault: first.fault })),
    );
    expect(faultsOn()).toEqual({ [first.service]: first.fault });

    // Healed (the runbook's POST /chaos/reset): the next tick brings the next fault.
    fleet.service(first.service)!.resetFaults();
    await clock.advance(60_000);
    await loop.idle();
    expect(outcomes).toHaveLength(5);
    const second = outcomes[4]!;
    expect(second.action).toBe('injected');
    expect(Object.keys(faultsOn())).toHaveLength(1);

    await loop.stop();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(10 * 60_000);
    expect(outcomes).toHaveLength(5);
  });

  it('does not start a fault while one was switched on by hand, and reproduces its picks from a seed', async () => {
    const clock = new FakeClock();
    const outcomes: ChaosTickOutcome[] = [];
    fleet.service('cache')!.setFaults({ failureRate: 0.8 });
    loop = start(clock, 42, outcomes);
    await clock.advance(20_000);
    await loop.idle();
    expect(outcomes).toEqual([{ action: 'skipped', service: 'cache', fault: 'errors' }]);
    await loop.stop();

    const picks: ChaosTickOutcome[][] = [];
    for (let run = 0; run < 2; run++) {
      for (const service of fleet.services) service.resetFaults();
      const seen: ChaosTickOutcome[] = [];
      const runClock = new FakeClock();
      loop = start(runClock, 1234, seen);
      for (let tick = 0; tick < 4; tick++) {
        await runClock.advance(tick === 0 ? 20_000 : 60_000);
        await loop.idle();
        for (const service of fleet.services) service.resetFaults();
      }
      await loop.stop();
      picks.push(seen);
    }
    expect(picks[0]).toHaveLength(4);
    expect(picks[0]!.every((o) => o.action === 'injected')).toBe(true);
    expect(picks[1]).toEqual(picks[0]);
  });

  it('reports a tick that cannot reach a simulator as failed and keeps going', async () => {
    const clock = new FakeClock();
    const outcomes: ChaosTickOutcome[] = [];
    loop = start(clock, 1, outcomes);
    await fleet.stop();
    await clock.advance(20_000);
    await loop.idle();
    expect(outcomes).toEqual([{ action: 'failed', error: expect.stringMatching(/does not answer/) }]);
    await clock.advance(60_000);
    await loop.idle();
    expect(outcomes).toHaveLength(2);
  });

  it('refuses services that are not on loopback', () => {
    expect(() =>
      startChaosLoop({ services: [{ name: 'db', url: 'http://192.168.1.10:80' }], clock: new FakeClock() }),
    ).toThrow(/services\[0\]\.url must be on loopback/);
  });
});

describe('seededRandom', () => {
  it('gives the same numbers in [0, 1) for the same seed, and others for another', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const c = seededRandom(6);
    const first = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(first);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(first);
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true);
  });
});
