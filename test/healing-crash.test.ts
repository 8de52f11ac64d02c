import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SqliteEventStore } from '../src/events/index.js';
import { HealingEvents } from '../src/healing/index.js';
import { spawnVigia, type VigiaProcess } from './support/vigia-process.js';

/**
 * The crash test, through a real `vigia up`: a runbook's http action is in flight (the
 * restart endpoint holds the request open) when the process is killed with SIGKILL. After a
 * restart on the same data directory the action is never sent again; it is settled from what
 * the log knows (the alert resolved → succeeded; otherwise → outcome unknown, escalated).
 */

const SERVICE = 'crashsvc';
const RULE = 'crashsvc-down';
const PASSWORD = 'crash test passphrase';

interface Loopback {
  url: string;
  close(): Promise<void>;
}

/** The service the monitor checks: answers `status` on every path (500 until told otherwise). */
async function startService(): Promise<Loopback & { answer(status: number): void }> {
  let status = 500;
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'broken');
  });
  return { ...(await listen(server)), answer: (next) => (status = next) };
}

/**
 * The runbook's restart endpoint: counts requests and does not answer them (the action stays in
 * flight) until `release` answers the held ones with 503.
 */
async function startRestartEndpoint(): Promise<Loopback & { requests(): number; release(): void }> {
  let count = 0;
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    count++;
    request.resume();
    held.push(response);
  });
  const release = () => {
    for (const response of held.splice(0)) {
      if (!response.writableEnded && !response.destroyed) response.writeHead(503).end();
    }
  };
  return { ...(await listen(server)), requests: () => count, release };
}

async function listen(server: Server): Promise<Loopback> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** vigia.yaml: one monitor on the service, a rule that fires when it is down, a runbook that POSTs to restart it. */
function writeConfig(dir: string, serviceUrl: string, restartUrl: string): string {
  const file = path.join(dir, 'vigia.yaml');
  const config = {
    logLevel: 'warn',
    dataDir: path.join(dir, 'data'),
    auth: { passwordCost: 14 },
    alerts: {
      defaultRules: { highCpu: false, slowResponse: false, serviceUnavailable: false },
      rules: [
        {
          name: RULE,
          severity: 'critical',
          for: '0s',
          flapDetection: { enabled: false },
          condition: { kind: 'monitor_down', matchers: [`service="${SERVICE}"`] },
        },
      ],
    },
    healing: {
      runbooks: [
        {
          name: 'restart-crashsvc',
          trigger: { alert: { rules: [RULE] } },
          steps: [
            {
              name: 'restart',
              action: { kind: 'http', method: 'POST', url: `${restartUrl}/restart` },
              timeout: '60s',
              retries: 0,
            },
          ],
          verify: { within: '10s' },
        },
      ],
    },
    monitors: [
      {
        name: 'crashsvc-health',
        kind: 'http',
        service: SERVICE,
        url: `${serviceUrl}/health`,
        intervalSeconds: 5,
      },
    ],
  };
  writeFileSync(file, stringify(config));
  return file;
}

interface Running extends VigiaProcess {
  address: string;
}

const started: VigiaProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const vigia of started.splice(0)) {
    if (vigia.child.exitCode === null && vigia.child.signalCode === null && vigia.child.pid !== undefined) {
      process.kill(vigia.child.pid, 'SIGKILL');
      await vigia.exited;
    }
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts `vigia up` with the config file and waits until it listens. */
async function startVigia(configFile: string): Promise<Running> {
  const vigia = spawnVigia(['up', '--port', '0'], {
    ...process.env,
    VIGIA_CONFIG: configFile,
    VIGIA_DATA_DIR: '',
    VIGIA_LOG_LEVEL: 'warn',
  });
  started.push(vigia);
  await vigia.waitForStdout((stdout) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stdout));
  const { stdout, stderr } = vigia.output();
  const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  expect(address, stdout + stderr).toBeDefined();
  return { ...vigia, address: address! };
}

/** First start: sets the admin password with the setup code and creates a viewer API token (it survives restarts). */
async function viewerToken(vigia: Running): Promise<string> {
  await vigia.waitForStdout((stdout) => /vigia users passwd/.test(stdout));
  const code = /(setup_[0-9a-f]{16}_\S+)/.exec(vigia.output().stdout)?.[1];
  expect(code, vigia.output().stdout).toBeDefined();
  const setup = await fetch(`${vigia.address}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, password: PASSWORD }),
  });
  expect(setup.status).toBe(200);
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
  const created = await fetch(`${vigia.address}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'crash-test', role: 'viewer' }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { token: string }).token;
}

/** Polls `read` every 100 ms until it gives a value, or fails naming `what` and the process output. */
async function until<T>(
  what: string,
  vigia: VigiaProcess,
  read: () => Promise<T | undefined>,
  ms = 40_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const { stdout, stderr } = vigia.output();
      throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface RemediationEvent {
  type: string;
  data: { actionId?: string; attempts?: number; detail?: string; reason?: string };
}

async function api<T>(vigia: Running, token: string, url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${vigia.address}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
}

async function remediationEvents(vigia: Running, token: string, alertId: string) {
  const { status, body } = await api<{ events: RemediationEvent[] }>(
    vigia,
    token,
    `/api/remediations/${alertId}`,
  );
  return status === 200 ? body.events : [];
}

/**
 * Every occurrence of the rule's alert the log holds (read from the SQLite file once Vigia has
 * stopped: the alert list over the API is a projection that may lag behind a restart).
 */
async function firedOccurrences(dataDir: string): Promise<Array<{ alertId: string; activeSince: string }>> {
  const store = SqliteEventStore.open({ file: path.join(dataDir, 'events.db') });
  try {
    const fired: Array<{ alertId: string; activeSince: string }> = [];
    for await (const event of store.readAll()) {
      const data = event.data as { alertId?: string; ruleName?: string; activeSince?: string };
      if (event.type === 'alerts.alert_fired' && data.ruleName === RULE) {
        fired.push({ alertId: data.alertId!, activeSince: data.activeSince! });
      }
    }
    return fired;
  } finally {
    await store.close();
  }
}

async function alertState(vigia: Running, token: string, alertId: string): Promise<string | undefined> {
  const { status, body } = await api<{ state: string }>(vigia, token, `/api/alerts/${alertId}`);
  return status === 200 ? body.state : undefined;
}

/** SIGKILL by PID: no shutdown hook runs, the held request is cut mid-flight. */
async function killHard(vigia: VigiaProcess): Promise<void> {
  process.kill(vigia.child.pid!, 'SIGKILL');
  await vigia.exited;
  expect(vigia.child.signalCode).toBe('SIGKILL');
}

/** SIGTERM; a stop waits for an action attempt under way, so the restart endpoint answers first (none is expected). */
async function stop(vigia: VigiaProcess, restart: { release(): void }): Promise<void> {
  restart.release();
  process.kill(vigia.child.pid!, 'SIGTERM');
  expect(await vigia.exited).toBe(0);
}

const ACTED = [
  HealingEvents.diagnosed,
  HealingEvents.remediationPlanned,
  HealingEvents.actionRequested,
  HealingEvents.actionStarted,
];

/** The remediation's decisions and action outcomes (messages for people, if any, are left out). */
const LIFECYCLE = new Set<string>([
  ...ACTED,
  HealingEvents.actionSucceeded,
  HealingEvents.actionFailed,
  HealingEvents.actionTimedOut,
  HealingEvents.actionOutcomeUnknown,
  HealingEvents.healed,
  HealingEvents.notHealed,
  HealingEvents.escalated,
]);

const lifecycleOf = (events: RemediationEvent[]) => events.filter((e) => LIFECYCLE.has(e.type));

/**
 * Runs Vigia until its runbook's action is in flight (the restart endpoint holds the one request
 * it got, and `healing.action_started` is in the log); returns what the restart needs.
 */
async function untilActionInFlight() {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-healing-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const service = await startService();
  cleanups.push(() => service.close());
  const restart = await startRestartEndpoint();
  cleanups.push(() => restart.close());
  const configFile = writeConfig(dir, service.url, restart.url);
  const dataDir = path.join(dir, 'data');

  const first = await startVigia(configFile);
  const token = await viewerToken(first);
  const alertId = await until('the alert to fire', first, async () => {
    const { body } = await api<{ alerts: Array<{ alertId: string }> }>(
      first,
      token,
      `/api/alerts?state=firing&service=${SERVICE}`,
    );
    return body.alerts[0]?.alertId;
  });
  await until('the restart endpoint to receive the action', first, async () =>
    restart.requests() > 0 ? true : undefined,
  );
  // The runner records the start before it sends, so the request proves the event is in the log.
  const before = lifecycleOf(await remediationEvents(first, token, alertId));
  expect(before.map((e) => e.type)).toEqual(ACTED);
  expect(restart.requests()).toBe(1);
  const actionId = before[3]!.data.actionId;
  expect(actionId).toEqual(expect.any(String));
  return { configFile, dataDir, service, restart, first, token, alertId, actionId: actionId! };
}

/** After the chain has ended, a little longer: a second request, had one been sent, would have arrived. */
async function settleWindow(): Promise<void> {
  await new Promise((r) => setTimeout(r, 3000));
}

describe('healing after a crash (kill -9 in the middle of an action)', () => {
  it('does not run the interrupted action again: with the alert still firing, its outcome is unknown and the remediation is escalated', async () => {
    const { configFile, dataDir, restart, first, token, alertId, actionId } = await untilActionInFlight();
    await killHard(first);

    const second = await startVigia(configFile);
    const chain = await until('the interrupted action to be settled', second, async () => {
      const events = await remediationEvents(second, token, alertId);
      return events.some((e) => e.type === HealingEvents.escalated) ? events : undefined;
    });
    await settleWindow();
    const after = lifecycleOf(await remediationEvents(second, token, alertId));
    expect(after.map((e) => e.type)).toEqual([
      ...ACTED,
      HealingEvents.actionOutcomeUnknown,
      HealingEvents.escalated,
    ]);
    expect(after).toEqual(lifecycleOf(chain));
    expect(after[4]!.data).toMatchObject({ actionId, attempts: 0 });
    expect(after[4]!.data.detail).toContain('not run again');
    expect(after[5]!.data.reason).toContain('action_outcome_unknown');
    expect(await alertState(second, token, alertId)).toBe('firing');
    await stop(second, restart);
    // Still the same occurrence of the alert: a restart must not open a new one (a new remediation
    // would act on it and send the restart request again).
    expect(await firedOccurrences(dataDir), 'alert occurrences fired').toEqual([
      expect.objectContaining({ alertId }),
    ]);
    expect(restart.requests(), 'requests to the restart endpoint').toBe(1);
  }, 120_000);

  it('does not run the interrupted action again: with the alert resolved before the crash, the action is taken as done and the remediation healed', async () => {
    const { configFile, dataDir, service, restart, first, token, alertId, actionId } =
      await untilActionInFlight();
    // The service recovers while the restart request is still in flight; the alert resolves, the action has no outcome yet.
    service.answer(200);
    await until('the alert to resolve', first, async () =>
      (await alertState(first, token, alertId)) === 'resolved' ? true : undefined,
    );
    expect(lifecycleOf(await remediationEvents(first, token, alertId)).map((e) => e.type)).toEqual(ACTED);
    await killHard(first);

    const second = await startVigia(configFile);
    const chain = await until('the interrupted action to be settled', second, async () => {
      const events = await remediationEvents(second, token, alertId);
      return events.some((e) => e.type === HealingEvents.healed || e.type === HealingEvents.escalated)
        ? events
        : undefined;
    });
    await settleWindow();
    const after = lifecycleOf(await remediationEvents(second, token, alertId));
    expect(after.map((e) => e.type)).toEqual([...ACTED, HealingEvents.actionSucceeded, HealingEvents.healed]);
    expect(after).toEqual(lifecycleOf(chain));
    expect(after[4]!.data).toMatchObject({ actionId, attempts: 0 });
    expect(after[4]!.data.detail).toContain('interrupted by a restart');
    expect(await alertState(second, token, alertId)).toBe('resolved');
    await stop(second, restart);
    expect(await firedOccurrences(dataDir), 'alert occurrences fired').toEqual([
      expect.objectContaining({ alertId }),
    ]);
    expect(restart.requests(), 'requests to the restart endpoint').toBe(1);
  }, 120_000);
});
