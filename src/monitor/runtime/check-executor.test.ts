import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../kernel/index.js';
import type { TcpCheckSpec } from '../checks/check-types.js';
import { CheckExecutor } from './check-executor.js';

let server: Server | undefined;
const stop = new AbortController();

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A TCP port on loopback that nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('CheckExecutor', () => {
  it('stops checking a host that keeps failing, and a probe ("check now") goes through and closes the breaker', async () => {
    const executor = new CheckExecutor({ clock: systemClock, groupConcurrency: 4, signal: stop.signal });
    const port = await freePort();
    const spec: TcpCheckSpec = { kind: 'tcp', host: '127.0.0.1', port, timeoutMs: 1000 };
    for (let i = 0; i < 5; i++) expect((await executor.execute(spec, 'g')).status).toBe('down');
    const skipped = await executor.execute(spec, 'g');
    expect(skipped).toMatchObject({ status: 'down', message: expect.stringContaining('circuit open') });
    expect(executor.openCircuits()).toEqual([`127.0.0.1:${port}`]);

    // A probe of the dead host still reports it down, without closing anything.
    expect((await executor.execute(spec, 'g', { probe: true })).message).not.toContain('circuit open');
    expect(executor.openCircuits()).toHaveLength(1);

    // The host is back: scheduled checks are still skipped until a probe sees it answer.
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    expect((await executor.execute(spec, 'g')).message).toContain('circuit open');
    expect((await executor.execute(spec, 'g', { probe: true })).status).toBe('up');
    expect(executor.openCircuits()).toEqual([]);
    expect((await executor.execute(spec, 'g')).status).toBe('up');
  });
});
