import type { ServerResponse } from 'node:http';
import { type HttpTestServer, type ReceivedRequest, startHttpTestServer } from './http-test-server.js';

/** The fault settings of the mimic, as a simulated service answers them. Test support only. */
export interface MimicFaults {
  failureRate: number;
  latencyMs: number;
  jitterMs: number;
  available: boolean;
  cpuPercent: number;
  memoryPercent: number;
}

const INITIAL: MimicFaults = {
  failureRate: 0,
  latencyMs: 0,
  jitterMs: 0,
  available: true,
  cpuPercent: 20,
  memoryPercent: 40,
};

/** A running mimic: its faults now, and the requests it received. Test support only. */
export interface SimulatorTestServer extends HttpTestServer {
  faults(): MimicFaults;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Mimics the control routes of a Vigia simulated service (src/monitor/simulate): `GET /chaos`
 * shows the faults, `POST /chaos` switches some, `POST /chaos/reset` restores the starting ones;
 * other methods, and service routes other than GET/HEAD, get 405 with `allow`. The real one
 * cannot be imported here (module boundary). Test support only.
 */
export async function startSimulatorTestServer(): Promise<SimulatorTestServer> {
  let current: MimicFaults = { ...INITIAL };
  const handle = (request: ReceivedRequest, response: ServerResponse) => {
    if (request.path === '/chaos/reset') {
      if (request.method !== 'POST') {
        sendJson(
          response,
          405,
          { error: `${request.method} is not allowed here; use POST` },
          { allow: 'POST' },
        );
        return;
      }
      current = { ...INITIAL };
      sendJson(response, 200, current);
    } else if (request.path === '/chaos') {
      if (request.method === 'POST')
        current = { ...current, ...(JSON.parse(request.body) as Partial<MimicFaults>) };
      sendJson(response, 200, current);
    } else if (!current.available) {
      response.socket?.destroy();
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(
        response,
        405,
        { error: `${request.method} is not allowed here; use GET, HEAD` },
        { allow: 'GET, HEAD' },
      );
    } else {
      sendJson(response, current.failureRate >= 1 ? 500 : 200, { service: 'mimic' });
    }
  };
  const server = await startHttpTestServer(handle);
  return { ...server, faults: () => ({ ...current }) };
}
