import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, DnsCheckSpec } from './check-types.js';
import { runDnsCheck } from './dns-check.js';
import { type DnsTestServer, startDnsTestServer } from './dns-test-server.js';
import { closedUdpPort } from './test-ports.js';

const SETTLE_BOUND_MS = 5_000;

function context(signal: AbortSignal = new AbortController().signal): CheckContext {
  return { signal, now: () => Date.UTC(2026, 0, 1) };
}

describe('runDnsCheck', () => {
  let dns: DnsTestServer;
  const silent = dgram.createSocket('udp4');
  let silentAddress = '';

  const spec = (overrides: Partial<DnsCheckSpec> = {}): DnsCheckSpec => ({
    kind: 'dns',
    name: 'app.example.test',
    recordType: 'A',
    expected: [],
    server: dns.address,
    timeoutMs: 3_000,
    ...overrides,
  });

  beforeAll(async () => {
    dns = await startDnsTestServer({
      'app.example.test': {
        A: ['10.0.0.1', '10.0.0.2'],
        TXT: [['v=spf1 ', 'include:_spf.example.test -all'], ['hello']],
        MX: [{ priority: 10, exchange: 'mail.example.test' }],
      },
      'bare.example.test': { A: ['10.0.0.3'] },
    });
    // Takes queries and never answers them.
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    silentAddress = `127.0.0.1:${silent.address().port}`;
  });

  afterAll(async () => {
    await dns.close();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('is up when every expected address is among the answers', async () => {
    const result = await runDnsCheck(spec({ expected: ['10.0.0.2'] }), context());
    expect(result).toMatchObject({
      status: 'up',
      message: 'A app.example.test: 10.0.0.1, 10.0.0.2',
      details: { answers: ['10.0.0.1', '10.0.0.2'] },
    });
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(await runDnsCheck(spec(), context())).toMatchObject({ status: 'up' });
  });

  it('joins TXT chunks and compares MX names case-insensitively', async () => {
    expect(
      await runDnsCheck(
        spec({ recordType: 'TXT', expected: ['v=spf1 include:_spf.example.test -all'] }),
        context(),
      ),
    ).toMatchObject({
      status: 'up',
      details: { answers: ['v=spf1 include:_spf.example.test -all', 'hello'] },
    });
    expect(
      await runDnsCheck(spec({ recordType: 'MX', expected: ['MAIL.Example.TEST.'] }), context()),
    ).toMatchObject({
      status: 'up',
      details: { answers: ['mail.example.test'] },
    });
  });

  it('is down listing what was missing and what was found', async () => {
    expect(await runDnsCheck(spec({ expected: ['10.0.0.1', '10.0.0.9'] }), context())).toMatchObject({
      status: 'down',
      message: 'A app.example.test: missing 10.0.0.9; found 10.0.0.1, 10.0.0.2',
      details: { answers: ['10.0.0.1', '10.0.0.2'] },
    });
  });

  it('is down when the name does not exist or has no such records', async () => {
    expect(await runDnsCheck(spec({ name: 'nope.example.test' }), context())).toMatchObject({
      status: 'down',
      message: 'nope.example.test does not exist (NXDOMAIN)',
    });
    expect(
      await runDnsCheck(spec({ name: 'bare.example.test', recordType: 'TXT' }), context()),
    ).toMatchObject({
      status: 'down',
      message: 'bare.example.test has no TXT records',
    });
  });

  it('is down promptly when the server is unreachable or silent', async () => {
    const started = performance.now();
    const unreachable = await runDnsCheck(
      spec({ server: `127.0.0.1:${await closedUdpPort()}`, timeoutMs: 1_000 }),
      context(),
    );
    expect(unreachable.status).toBe('down');
    expect(unreachable.message).toMatch(/refused|did not answer|timed out/);
    const quiet = await runDnsCheck(spec({ server: silentAddress, timeoutMs: 300 }), context());
    expect(quiet.status).toBe('down');
    expect(quiet.message).toMatch(/did not answer|timed out/);
    expect(performance.now() - started).toBeLessThan(2 * SETTLE_BOUND_MS);
  });

  it('gives up promptly when the scheduler aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    expect(
      await runDnsCheck(spec({ server: silentAddress, timeoutMs: 60_000 }), context(controller.signal)),
    ).toMatchObject({ status: 'down', message: 'check aborted' });
    expect(performance.now() - started).toBeLessThan(SETTLE_BOUND_MS);
  });

  it('is down on a server address it cannot use', async () => {
    expect(await runDnsCheck(spec({ server: 'not a server' }), context())).toMatchObject({
      status: 'down',
      message: 'invalid DNS server "not a server"',
    });
  });
});
