import { afterEach, describe, expect, it } from 'vitest';
import {
  type SimulatorTestServer,
  startSimulatorTestServer,
} from '../../../test/support/simulator-test-server.js';
import { FakeClock } from '../../kernel/index.js';
import { NotLoopbackError } from './action-errors.js';
import { ActionExecutor } from './action-executor.js';
import type { ActionAttempt } from './rendered-action.js';
import { isLoopbackHost, simulatorResetRequest } from './simulator-fault-action.js';

let simulator: SimulatorTestServer | undefined;
let executor: ActionExecutor | undefined;

afterEach(async () => {
  await executor?.close();
  await simulator?.close();
  executor = undefined;
  simulator = undefined;
});

function newExecutor(): ActionExecutor {
  executor = new ActionExecutor({ clock: new FakeClock(), retry: { maxAttempts: 3, baseMs: 0, maxMs: 0 } });
  return executor;
}

describe('simulator_fault_off action', () => {
  it('resets the faults of a simulated service with POST /chaos/reset', async () => {
    simulator = await startSimulatorTestServer();
    await fetch(`${simulator.origin}/chaos`, {
      method: 'POST',
      body: JSON.stringify({ failureRate: 1, available: false }),
    });
    expect(simulator.faults()).toMatchObject({ failureRate: 1, available: false });
    const result = await newExecutor().execute(
      { kind: 'simulator_fault_off', url: `${simulator.origin}/` },
      { timeoutMs: 5_000, retries: 2 },
    );
    expect(result).toMatchObject({ outcome: 'succeeded', attempts: 1, status: 200 });
    expect(result.detail).toMatch(/^HTTP 200: \{"failureRate":0,.*"available":true/);
    expect(simulator.faults()).toMatchObject({ failureRate: 0, available: true });
    expect(simulator.requests.at(-1)).toMatchObject({ method: 'POST', path: '/chaos/reset' });
  });

  it('is refused for anything but a loopback address, before any attempt', async () => {
    const executor = newExecutor();
    const attempts: ActionAttempt[] = [];
    const onAttempt = async (a: ActionAttempt) => {
      attempts.push(a);
    };
    for (const url of [
      'http://10.0.0.5:8081',
      'http://192.168.1.10/',
      'http://example.org:8081',
      'http://localhost:8081',
      'http://127.0.0.1.example.org/',
      'http://[::ffff:127.0.0.1]:8081',
      'http://[2001:db8::1]/',
    ]) {
      const refusal = executor.execute(
        { kind: 'simulator_fault_off', url },
        { timeoutMs: 5_000, retries: 0, onAttempt },
      );
      await expect(refusal).rejects.toBeInstanceOf(NotLoopbackError);
      await expect(refusal).rejects.toMatchObject({ code: 'SIMULATOR_NOT_LOOPBACK' });
    }
    expect(attempts).toEqual([]);
    expect(executor.breakerStates()).toEqual([]);
  });

  it('accepts loopback written any way the URL parser normalizes, and nothing else', () => {
    expect(simulatorResetRequest({ kind: 'simulator_fault_off', url: 'http://0x7f.1:8081' }).resetUrl).toBe(
      'http://127.0.0.1:8081/chaos/reset',
    );
    expect(
      simulatorResetRequest({ kind: 'simulator_fault_off', url: 'http://[0:0:0:0:0:0:0:1]:9/' }).resetUrl,
    ).toBe('http://[::1]:9/chaos/reset');
    expect(
      simulatorResetRequest({ kind: 'simulator_fault_off', url: 'http://127.8.9.10:9/api/?q=1#f' }).resetUrl,
    ).toBe('http://127.8.9.10:9/api/chaos/reset');
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost')).toBe(false);
  });

  it('fails for good when the service refuses the request (405), without retrying', async () => {
    simulator = await startSimulatorTestServer();
    const result = await newExecutor().execute(
      { kind: 'simulator_fault_off', url: `${simulator.origin}/nested` },
      { timeoutMs: 5_000, retries: 2 },
    );
    expect(simulator.requests.map((r) => r.path)).toEqual(['/nested/chaos/reset']);
    expect(result).toMatchObject({ outcome: 'failed', attempts: 1, status: 405 });
  });
});
