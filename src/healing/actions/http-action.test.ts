import { afterEach, describe, expect, it } from 'vitest';
import {
  answer,
  eventually,
  type HttpTestServer,
  startHttpTestServer,
  type TestHandler,
} from '../../../test/support/http-test-server.js';
import { FakeClock } from '../../kernel/index.js';
import { InvalidActionError } from './action-errors.js';
import { ActionExecutor, type ActionExecutorOptions } from './action-executor.js';
import type { ActionAttempt, RenderedAction } from './rendered-action.js';

const servers: HttpTestServer[] = [];
let executor: ActionExecutor | undefined;

afterEach(async () => {
  await executor?.close();
  executor = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: TestHandler): Promise<HttpTestServer> {
  const server = await startHttpTestServer(handler);
  servers.push(server);
  return server;
}

/** No waits between attempts unless a test asks for them; a timeout never fires unless the fake clock moves. */
function executorWith(options: ActionExecutorOptions = {}) {
  const clock = new FakeClock();
  executor = new ActionExecutor({ clock, retry: { maxAttempts: 5, baseMs: 0, maxMs: 0 }, ...options });
  return { executor, clock };
}

function post(url: string, extra: Partial<Extract<RenderedAction, { kind: 'http' }>> = {}): RenderedAction {
  return { kind: 'http', method: 'POST', url, headers: {}, ...extra };
}

function recorder() {
  const attempts: ActionAttempt[] = [];
  return {
    attempts,
    onAttempt: async (attempt: ActionAttempt) => {
      attempts.push(attempt);
    },
  };
}

describe('http action against a real loopback server', () => {
  it('sends method, headers and body as given and succeeds on 2xx with an excerpt of the answer', async () => {
    const server = await serve((_req, res) => answer(res, 200, 'restarted api (pid 4242)'));
    const { executor } = executorWith();
    const { attempts, onAttempt } = recorder();
    const result = await executor.execute(
      post(`${server.origin}/admin/restart?force=1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-token': 't-1' },
        body: '{"service":"api"}',
      }),
      { timeoutMs: 5_000, retries: 2, onAttempt },
    );
    expect(result).toEqual({
      outcome: 'succeeded',
      attempts: 1,
      detail: 'HTTP 200: restarted api (pid 4242)',
      status: 200,
    });
    expect(attempts).toEqual([
      { attempt: 1, outcome: 'succeeded', detail: 'HTTP 200: restarted api (pid 4242)', durationMs: 0 },
    ]);
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'PUT',
      path: '/admin/restart?force=1',
      body: '{"service":"api"}',
    });
    expect(request?.headers['x-token']).toBe('t-1');
    expect(request?.headers['user-agent']).toBe('vigia');
  });

  it('retries a 500 and succeeds on the next 200', async () => {
    const server = await serve((_req, res, index) =>
      answer(res, index === 0 ? 500 : 200, index === 0 ? 'boom' : 'ok'),
    );
    const { executor } = executorWith();
    const { attempts, onAttempt } = recorder();
    const result = await executor.execute(post(server.origin), { timeoutMs: 5_000, retries: 3, onAttempt });
    expect(result).toMatchObject({ outcome: 'succeeded', attempts: 2, status: 200, detail: 'HTTP 200: ok' });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.detail])).toEqual([
      [1, 'failed', 'HTTP 500: boom'],
      [2, 'succeeded', 'HTTP 200: ok'],
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('waits on the injected clock between attempts', async () => {
    const server = await serve((_req, res, index) => answer(res, index === 0 ? 503 : 204));
    const { executor, clock } = executorWith({
      retry: { maxAttempts: 3, baseMs: 1_000, maxMs: 10_000 },
      random: () => 0,
    });
    const { attempts, onAttempt } = recorder();
    const result = executor.execute(post(server.origin), { timeoutMs: 60_000, retries: 2, onAttempt });
    await eventually(() => attempts.length === 1, 'first attempt recorded');
    await clock.advance(999);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    expect(await result).toMatchObject({
      outcome: 'succeeded',
      attempts: 2,
      status: 204,
      detail: 'HTTP 204',
    });
  });

  it('honours Retry-After on a 429', async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? answer(res, 429, 'slow down', { 'retry-after': '5' }) : answer(res, 200),
    );
    const { executor, clock } = executorWith({
      retry: { maxAttempts: 3, baseMs: 100, maxMs: 60_000 },
      random: () => 0,
    });
    const { attempts, onAttempt } = recorder();
    const result = executor.execute(post(server.origin), { timeoutMs: 60_000, retries: 2, onAttempt });
    await eventually(() => attempts.length === 1, 'first attempt recorded');
    await clock.advance(4_999);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    expect(await result).toMatchObject({ outcome: 'succeeded', attempts: 2 });
  });

  it('does not retry a 404, and a 404 does not count against the destination', async () => {
    const server = await serve((_req, res) => answer(res, 404, 'no such service'));
    const { executor } = executorWith({ breaker: { failureThreshold: 1, openMs: 60_000 } });
    const result = await executor.execute(post(`${server.origin}/x`), { timeoutMs: 5_000, retries: 3 });
    expect(result).toEqual({
      outcome: 'failed',
      attempts: 1,
      detail: 'HTTP 404: no such service',
      status: 404,
    });
    expect(server.requests).toHaveLength(1);
    expect(executor.breakerStates()).toEqual([{ destination: server.origin, state: 'closed' }]);
  });

  it('gives up after the retries allowed, capped by retry.maxAttempts', async () => {
    const server = await serve((_req, res) => answer(res, 502));
    const { executor } = executorWith({ retry: { maxAttempts: 2, baseMs: 0, maxMs: 0 } });
    const result = await executor.execute(post(server.origin), { timeoutMs: 5_000, retries: 5 });
    expect(result).toEqual({ outcome: 'failed', attempts: 2, detail: 'HTTP 502', status: 502 });
    const once = await executor.execute(post(server.origin), { timeoutMs: 5_000, retries: 0 });
    expect(once.attempts).toBe(1);
  });

  it('times out a server that never answers', async () => {
    const server = await serve(() => undefined);
    const { executor, clock } = executorWith();
    const { attempts, onAttempt } = recorder();
    const result = executor.execute(post(server.origin), { timeoutMs: 200, retries: 0, onAttempt });
    await eventually(() => server.requests.length === 1, 'request received');
    await clock.advance(200);
    expect(await result).toEqual({ outcome: 'timed_out', attempts: 1, detail: 'timed out after 200 ms' });
    expect(attempts).toEqual([
      { attempt: 1, outcome: 'timed_out', detail: 'timed out after 200 ms', durationMs: 200 },
    ]);
  });

  it('does not follow a redirect', async () => {
    const server = await serve((req, res) =>
      req.path === '/old' ? answer(res, 302, '', { location: '/new' }) : answer(res, 200, 'followed!'),
    );
    const { executor } = executorWith();
    const result = await executor.execute(post(`${server.origin}/old`), { timeoutMs: 5_000, retries: 3 });
    expect(result).toMatchObject({ outcome: 'failed', attempts: 1, status: 302 });
    expect(result.detail).toBe('HTTP 302: redirect to /new not followed; use the final URL');
    expect(server.requests.map((r) => r.path)).toEqual(['/old']);
  });

  it('keeps at most 2,000 characters of a large answer, without control characters', async () => {
    const server = await serve((_req, res) => answer(res, 200, `\u0000\u001b[31m${'x'.repeat(200_000)}`));
    const { executor } = executorWith();
    const result = await executor.execute(post(server.origin), { timeoutMs: 5_000, retries: 0 });
    expect(result.outcome).toBe('succeeded');
    expect(result.detail).toHaveLength(2_000);
    expect(result.detail.startsWith('HTTP 200: ??[31mxxx')).toBe(true);
    expect(result.detail.endsWith('x…')).toBe(true);
  });

  it('retries a refused connection as a network error', async () => {
    const closed = await startHttpTestServer(() => undefined);
    await closed.close();
    const { executor } = executorWith();
    const { attempts, onAttempt } = recorder();
    const result = await executor.execute(post(closed.origin), { timeoutMs: 5_000, retries: 1, onAttempt });
    expect(result).toMatchObject({ outcome: 'failed', attempts: 2 });
    expect(result.detail).toMatch(/^network error: .*ECONNREFUSED/);
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'failed']);
  });

  it('keeps one circuit breaker per origin', async () => {
    const down = await serve((_req, res) => answer(res, 503, 'down'));
    const up = await serve((_req, res) => answer(res, 200, 'ok'));
    const { executor } = executorWith({ breaker: { failureThreshold: 2, openMs: 60_000 } });
    await executor.execute(post(`${down.origin}/a`), { timeoutMs: 5_000, retries: 0 });
    await executor.execute(post(`${down.origin}/b`), { timeoutMs: 5_000, retries: 0 });
    const { attempts, onAttempt } = recorder();
    const refused = await executor.execute(post(`${down.origin}/c`), {
      timeoutMs: 5_000,
      retries: 0,
      onAttempt,
    });
    expect(refused).toEqual({
      outcome: 'failed',
      attempts: 1,
      detail: `circuit open for ${down.origin} after repeated failures; not attempted`,
    });
    expect(attempts.map((a) => a.outcome)).toEqual(['circuit_open']);
    expect(down.requests).toHaveLength(2);
    expect(await executor.execute(post(up.origin), { timeoutMs: 5_000, retries: 0 })).toMatchObject({
      outcome: 'succeeded',
    });
    expect(executor.breakerStates()).toEqual([
      { destination: down.origin, state: 'open' },
      { destination: up.origin, state: 'closed' },
    ]);
  });

  it('lets a trial through once the break is over, and closes on success', async () => {
    const server = await serve((_req, res, index) => answer(res, index < 2 ? 500 : 200));
    const { executor, clock } = executorWith({ breaker: { failureThreshold: 2, openMs: 5_000 } });
    await executor.execute(post(server.origin), { timeoutMs: 5_000, retries: 1 });
    expect(executor.breakerStates()[0]?.state).toBe('open');
    await clock.advance(5_000);
    expect(executor.breakerStates()[0]?.state).toBe('half-open');
    expect(await executor.execute(post(server.origin), { timeoutMs: 5_000, retries: 0 })).toMatchObject({
      outcome: 'succeeded',
    });
    expect(executor.breakerStates()[0]?.state).toBe('closed');
  });

  it('fails a header undici refuses without retrying it', async () => {
    const server = await serve((_req, res) => answer(res, 200));
    const { executor } = executorWith();
    const result = await executor.execute(post(server.origin, { headers: { 'x-a': 'one\r\nx-b: two' } }), {
      timeoutMs: 5_000,
      retries: 3,
    });
    expect(result).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(result.detail).toMatch(/^invalid request: /);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a URL that does not parse or is not http(s), before any attempt', async () => {
    const { executor } = executorWith();
    const { attempts, onAttempt } = recorder();
    for (const url of ['not a url', 'ftp://127.0.0.1/x', 'file:///etc/passwd']) {
      const refusal = executor.execute(post(url), { timeoutMs: 5_000, retries: 0, onAttempt });
      await expect(refusal).rejects.toBeInstanceOf(InvalidActionError);
      await expect(refusal).rejects.toMatchObject({ code: 'ACTION_INVALID' });
    }
    expect(attempts).toEqual([]);
  });
});
