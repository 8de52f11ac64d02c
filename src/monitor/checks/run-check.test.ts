import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveCheckSpec, CheckContext } from './check-types.js';
import { closeHttpCheckAgent } from './http-check.js';
import { runCheck } from './run-check.js';
import { closedTcpPort } from './test-ports.js';

const context: CheckContext = { signal: new AbortController().signal, now: () => Date.UTC(2026, 0, 1) };

describe('runCheck', () => {
  const server = http.createServer((_req, res) => res.end('ok'));
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await closeHttpCheckAgent();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('runs each kind with its own check', async () => {
    const http: ActiveCheckSpec = {
      kind: 'http',
      url: `http://127.0.0.1:${port}/`,
      method: 'GET',
      headers: {},
      expectedStatus: [[200, 299]],
      assertions: [{ type: 'contains', value: 'ok' }],
      followRedirects: false,
      timeoutMs: 5_000,
    };
    expect(await runCheck(http, context)).toMatchObject({ status: 'up', message: 'HTTP 200' });
    expect(await runCheck({ kind: 'tcp', host: '127.0.0.1', port, timeoutMs: 5_000 }, context)).toMatchObject(
      {
        status: 'up',
        message: `connected to 127.0.0.1:${port}`,
      },
    );
    const closed = await closedTcpPort();
    expect(
      await runCheck(
        { kind: 'tls', host: '127.0.0.1', port: closed, certificateExpiryWarningDays: 14, timeoutMs: 5_000 },
        context,
      ),
    ).toMatchObject({ status: 'down', message: 'connection refused' });
    expect(
      await runCheck(
        {
          kind: 'dns',
          name: 'example.test',
          recordType: 'A',
          expected: [],
          server: 'bogus server',
          timeoutMs: 1_000,
        },
        context,
      ),
    ).toMatchObject({ status: 'down', message: 'invalid DNS server "bogus server"' });
  });

  it('turns a spec of an unknown kind into a down result', async () => {
    const odd = { kind: 'ping', host: '127.0.0.1' } as unknown as ActiveCheckSpec;
    expect(await runCheck(odd, context)).toMatchObject({
      status: 'down',
      message: 'unknown check kind "ping"',
    });
  });
});
