import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, TcpCheckSpec } from './check-types.js';
import { runTcpCheck } from './tcp-check.js';
import { closedTcpPort } from './test-ports.js';

function context(signal: AbortSignal = new AbortController().signal): CheckContext {
  return { signal, now: () => Date.UTC(2026, 0, 1) };
}

describe('runTcpCheck', () => {
  const server = net.createServer();
  const closed: Array<Promise<void>> = [];
  let port = 0;
  server.on('connection', (socket) => {
    closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
  });

  const spec = (overrides: Partial<TcpCheckSpec> = {}): TcpCheckSpec => ({
    kind: 'tcp',
    host: '127.0.0.1',
    port,
    timeoutMs: 5_000,
    ...overrides,
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is up when the port accepts, and lets the connection go', async () => {
    const result = await runTcpCheck(spec(), context());
    expect(result).toMatchObject({
      status: 'up',
      message: `connected to 127.0.0.1:${port}`,
      details: { remoteAddress: '127.0.0.1' },
    });
    expect(result.latencyMs).toBeGreaterThan(0);
    // The server sees the check's socket close: nothing is left open.
    await Promise.all(closed);
    expect(closed.length).toBe(1);
  });

  it('is down when the connection is refused', async () => {
    expect(await runTcpCheck(spec({ port: await closedTcpPort() }), context())).toMatchObject({
      status: 'down',
      message: 'connection refused',
    });
  });

  it('is down on an impossible port rather than throwing', async () => {
    expect(await runTcpCheck(spec({ port: 70_000 }), context())).toMatchObject({
      status: 'down',
      message: 'invalid port',
    });
  });

  it('is down at once when already aborted', async () => {
    expect(await runTcpCheck(spec(), context(AbortSignal.abort()))).toMatchObject({
      status: 'down',
      message: 'check aborted',
    });
  });
});
