import { afterEach, describe, expect, it } from 'vitest';
import {
  answer,
  eventually,
  type HttpTestServer,
  startHttpTestServer,
} from '../../../test/support/http-test-server.js';
import { FakeClock, ShuttingDownError } from '../../kernel/index.js';
import { ResilienceConfigError } from '../../resilience/index.js';
import { ActionNotExecutableError, ActionRefusedError } from './action-errors.js';
import { ActionExecutor } from './action-executor.js';
import type { ActionAttempt, RenderedAction } from './rendered-action.js';

let server: HttpTestServer | undefined;
let executor: ActionExecutor | undefined;

afterEach(async () => {
  await executor?.close();
  await server?.close();
  executor = undefined;
  server = undefined;
});

function newExecutor(clock = new FakeClock()): ActionExecutor {
  executor = new ActionExecutor({
    clock,
    retry: { maxAttempts: 5, baseMs: 1_000, maxMs: 10_000 },
    random: () => 0,
  });
  return executor;
}

const options = { timeoutMs: 5_000, retries: 3 };

describe('ActionExecutor', () => {
  it('refuses notify and approval: the runtime turns them into events', async () => {
    const executor = newExecutor();
    const notExecuted: RenderedAction[] = [
      { kind: 'notify', receivers: ['ops'], message: 'restarting api' },
      { kind: 'approval', approvers: ['alice'], expiresInMs: 600_000 },
    ];
    for (const action of notExecuted) {
      const refusal = executor.execute(action, options);
      await expect(refusal).rejects.toBeInstanceOf(ActionNotExecutableError);
      await expect(refusal).rejects.toBeInstanceOf(ActionRefusedError);
      await expect(refusal).rejects.toMatchObject({
        code: 'ACTION_NOT_EXECUTABLE',
        message: expect.stringContaining(
          `action kind "${action.kind}" is not executed by the ActionExecutor`,
        ),
      });
    }
  });

  it('refuses bad options, naming them', async () => {
    const executor = newExecutor();
    const action: RenderedAction = { kind: 'http', method: 'GET', url: 'http://127.0.0.1:9/', headers: {} };
    await expect(executor.execute(action, { timeoutMs: 5_000, retries: -1 })).rejects.toThrow(
      /ActionExecutor: option "retries" must be an integer ≥ 0, got -1/,
    );
    await expect(executor.execute(action, { timeoutMs: 0, retries: 0 })).rejects.toBeInstanceOf(
      ResilienceConfigError,
    );
    expect(() => new ActionExecutor({ retry: { maxAttempts: 0, baseMs: 0, maxMs: 0 } })).toThrow(
      /option "retry\.maxAttempts" must be an integer ≥ 1, got 0/,
    );
    expect(() => new ActionExecutor({ breaker: { failureThreshold: 1, openMs: -5 } })).toThrow(
      /option "breaker\.openMs"/,
    );
  });

  it('does nothing when stopped before the first attempt', async () => {
    server = await startHttpTestServer((_req, res) => answer(res, 200));
    const stop = new AbortController();
    stop.abort();
    const result = await newExecutor().execute(
      { kind: 'http', method: 'POST', url: server.origin, headers: {} },
      { ...options, signal: stop.signal },
    );
    expect(result).toEqual({ outcome: 'failed', attempts: 0, detail: 'stopped before the first attempt' });
    expect(server.requests).toHaveLength(0);
  });

  it('stops between attempts when the signal aborts', async () => {
    server = await startHttpTestServer((_req, res) => answer(res, 503, 'busy'));
    const stop = new AbortController();
    const attempts: ActionAttempt[] = [];
    const result = newExecutor().execute(
      { kind: 'http', method: 'POST', url: server.origin, headers: {} },
      {
        ...options,
        signal: stop.signal,
        onAttempt: async (a) => {
          attempts.push(a);
        },
      },
    );
    await eventually(() => attempts.length === 1, 'first attempt recorded');
    stop.abort();
    expect(await result).toEqual({
      outcome: 'failed',
      attempts: 1,
      detail: 'stopped after 1 attempt(s): HTTP 503: busy',
      status: 503,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('passes on a failure of the attempt recorder and makes no further attempt', async () => {
    server = await startHttpTestServer((_req, res) => answer(res, 500));
    const executor = newExecutor();
    const broken = new Error('event store unavailable');
    await expect(
      executor.execute(
        { kind: 'http', method: 'POST', url: server.origin, headers: {} },
        {
          ...options,
          onAttempt: async () => {
            throw broken;
          },
        },
      ),
    ).rejects.toBe(broken);
    expect(server.requests).toHaveLength(1);
  });

  it('accepts no work once closed', async () => {
    const executor = newExecutor();
    await executor.close();
    await executor.close();
    await expect(
      executor.execute({ kind: 'http', method: 'GET', url: 'http://127.0.0.1:9/', headers: {} }, options),
    ).rejects.toBeInstanceOf(ShuttingDownError);
  });
});
