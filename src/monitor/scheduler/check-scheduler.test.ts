import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/index.js';
import { CheckScheduler, type ScheduledCheck } from './check-scheduler.js';

const INTERVAL = 10_000;

function harness(
  options: { maxConcurrent?: number; durationMs?: number; phases?: (id: string) => number } = {},
) {
  const clock = new FakeClock(Date.UTC(2026, 10, 22, 12));
  const runs: ScheduledCheck[] = [];
  let active = 0;
  let maxActive = 0;
  const activePer = new Map<string, number>();
  const scheduler = new CheckScheduler({
    clock,
    maxConcurrent: options.maxConcurrent ?? 100,
    phaseOf: options.phases ? (id) => options.phases!(id) : undefined,
    run: async (check) => {
      runs.push({ ...check });
      active += 1;
      maxActive = Math.max(maxActive, active);
      activePer.set(check.monitorId, (activePer.get(check.monitorId) ?? 0) + 1);
      expect(activePer.get(check.monitorId)).toBe(1);
      await clock.sleep(options.durationMs ?? 100);
      activePer.set(check.monitorId, activePer.get(check.monitorId)! - 1);
      active -= 1;
    },
  });
  /** Stops the scheduler, letting the checks still sleeping on the fake clock finish. */
  const stop = async () => {
    const stopping = scheduler.stop();
    await clock.advance(60_000);
    await stopping;
  };
  return { clock, scheduler, runs, maxActive: () => maxActive, stop };
}

describe('CheckScheduler', () => {
  it('runs each monitor once per interval, spread over the interval by its phase', async () => {
    const { clock, scheduler, runs, stop } = harness();
    for (let i = 0; i < 200; i++) scheduler.schedule(`m${i}`, INTERVAL);
    scheduler.start();
    await clock.advance(3 * INTERVAL);
    const perMonitor = new Map<string, number>();
    for (const run of runs) perMonitor.set(run.monitorId, (perMonitor.get(run.monitorId) ?? 0) + 1);
    expect(perMonitor.size).toBe(200);
    for (const count of perMonitor.values()) expect(count).toBe(3);
    // The first runs are spread over the first interval, not bunched at its start.
    const start = Date.UTC(2026, 10, 22, 12);
    const firstSecond = runs.filter((r) => r.dueAt < start + 1000).length;
    expect(firstSecond).toBeLessThan(60);
    for (const run of runs) expect(run.startedAt - run.dueAt).toBe(0);
    await stop();
  });

  it('never runs a monitor twice at once: an overrunning check skips the slots it missed', async () => {
    const { clock, scheduler, runs, stop } = harness({ durationMs: 25_000, phases: () => 0 });
    scheduler.schedule('slow', INTERVAL);
    scheduler.start();
    await clock.advance(60_000);
    // Runs at 10 s (until 35 s), then the next slot after 35 s is 40 s (until 65 s).
    expect(runs.map((r) => (r.dueAt - Date.UTC(2026, 10, 22, 12)) / 1000)).toEqual([10, 40]);
    await clock.advance(10_000);
    await stop();
  });

  it('caps the checks running at once, and the rest wait their turn in order', async () => {
    const { clock, scheduler, runs, maxActive, stop } = harness({
      maxConcurrent: 3,
      durationMs: 1000,
      phases: () => 0,
    });
    for (let i = 0; i < 9; i++) scheduler.schedule(`m${i}`, INTERVAL);
    scheduler.start();
    await clock.advance(INTERVAL + 3000);
    expect(maxActive()).toBe(3);
    expect(runs).toHaveLength(9);
    const delays = runs.map((r) => r.startedAt - r.dueAt);
    expect(delays).toEqual([0, 0, 0, 1000, 1000, 1000, 2000, 2000, 2000]);
    await stop();
  });

  it('after a stall resumes at each monitor phase, without a burst', async () => {
    const { clock, scheduler, runs, stop } = harness({ phases: (id) => Number(id.slice(1)) * 100 });
    for (let i = 0; i < 100; i++) scheduler.schedule(`m${i}`, INTERVAL);
    scheduler.start();
    await clock.advance(INTERVAL);
    const before = runs.length;
    clock.stall(5 * INTERVAL);
    await clock.advance(0);
    // Every slot was missed by far more than 2 s: nothing fires at the wake-up; each monitor
    // waits for its next slot instead of all firing together.
    expect(runs.length - before).toBe(0);
    await clock.advance(INTERVAL);
    const after = runs.slice(before);
    const counts = new Map<string, number>();
    for (const r of after) counts.set(r.monitorId, (counts.get(r.monitorId) ?? 0) + 1);
    expect(counts.size).toBe(100);
    for (const count of counts.values()) expect(count).toBeLessThanOrEqual(2);
    await stop();
  });

  it('checks now on request, after the current run when one is in progress; unschedule stops it', async () => {
    const { clock, scheduler, runs, stop } = harness({ durationMs: 2000, phases: () => 5000 });
    scheduler.schedule('m', INTERVAL);
    scheduler.start();
    expect(scheduler.checkNow('m')).toBe(true);
    await clock.advance(0);
    expect(runs).toHaveLength(1);
    scheduler.checkNow('m');
    await clock.advance(2000);
    expect(runs).toHaveLength(2);
    // Requested runs are marked (they probe through an open breaker); scheduled ones are not.
    expect(runs.map((r) => r.requested === true)).toEqual([true, true]);
    await clock.advance(INTERVAL);
    expect(runs.slice(2).every((r) => r.requested !== true)).toBe(true);
    expect(runs.length).toBeGreaterThan(2);
    scheduler.unschedule('m');
    const count = runs.length;
    await clock.advance(5 * INTERVAL);
    expect(runs).toHaveLength(count);
    expect(scheduler.checkNow('m')).toBe(false);
    await stop();
  });
});
