/**
 * Prometheus Alertmanager (the Debian package's binary) as the anchor of the alerting benchmark:
 * started as a child process on 127.0.0.1 with a free port, no clustering (`--cluster.listen-address=`),
 * its storage, configuration and log in a temporary folder removed when it stops. Stopped by its
 * PID (SIGTERM, SIGKILL after a grace period), also when the benchmark is interrupted.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onCleanup } from '../lib/cleanup.js';
import { sleep } from '../lib/timing.js';

export const ALERTMANAGER_BIN = process.env.VIGIA_BENCH_ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager';

/** One route under the root: alerts whose labels equal `match` go to `urls` (one receiver, N webhooks). */
export interface AlertmanagerRoute {
  /** Receiver name. */
  name: string;
  /** Label equality matchers selecting the route's alerts (`alertname: X`). */
  match: Record<string, string>;
  urls: ReadonlyArray<string>;
  /** Prometheus durations: `1s`, `0s`, `5m`. */
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

export interface AlertmanagerOptions {
  routes: ReadonlyArray<AlertmanagerRoute>;
  /** How long to wait for `/-/ready`. */
  readyTimeoutMs?: number;
}

/** What an alert posted to `POST /api/v2/alerts` carries. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

export class Alertmanager {
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly version: string,
    private readonly dir: string,
  ) {
    this.exit = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        resolve();
      });
    });
  }

  /** Whether the binary is there (the benchmark reports Vigia alone when it is not). */
  static installed(): boolean {
    return existsSync(ALERTMANAGER_BIN);
  }

  /** Starts Alertmanager with one route per entry of `routes` (all grouped by alertname, service). */
  static async start(options: AlertmanagerOptions): Promise<Alertmanager> {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigia-bench-alertmanager-'));
    const removeDir = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const configFile = path.join(dir, 'alertmanager.yml');
    // JSON is YAML: no YAML writer needed.
    writeFileSync(configFile, JSON.stringify(configOf(options.routes), null, 2));
    const port = await freePort();
    const logFile = path.join(dir, 'alertmanager.log');
    const log = openSync(logFile, 'w');
    const child = spawn(
      ALERTMANAGER_BIN,
      [
        `--config.file=${configFile}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    const url = `http://127.0.0.1:${port}`;
    const version = readVersion();
    const manager = new Alertmanager(child, url, version, dir);
    const removeStop = onCleanup(() => manager.stop());
    void manager.exit.then(() => {
      removeStop();
      removeDir();
    });
    try {
      await manager.waitReady(options.readyTimeoutMs ?? 15_000, logFile);
    } catch (error) {
      await manager.stop();
      throw error;
    }
    return manager;
  }

  /** Posts alerts (`POST /api/v2/alerts`); resolves when Alertmanager answered 200. */
  async post(alerts: ReadonlyArray<PostableAlert>): Promise<void> {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST /api/v2/alerts answered ${response.status}: ${text}`);
  }

  /** Stops Alertmanager by its PID and removes its folder. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.exited && this.child.pid !== undefined) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!this.exited) this.child.kill('SIGKILL');
      }, graceMs);
      await this.exit;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitReady(timeoutMs: number, logFile: string): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.exited) {
        throw new Error(`Alertmanager exited while starting: ${tail(logFile)}`);
      }
      try {
        const response = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        await response.text();
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    throw new Error(`Alertmanager was not ready within ${timeoutMs} ms: ${tail(logFile)}`);
  }
}

function configOf(routes: ReadonlyArray<AlertmanagerRoute>): unknown {
  const first = routes[0];
  if (!first) throw new Error('Alertmanager needs at least one route');
  return {
    route: {
      // Alerts no route matches go to the first receiver.
      receiver: first.name,
      group_by: ['alertname', 'service'],
      group_wait: first.groupWait,
      group_interval: first.groupInterval,
      repeat_interval: first.repeatInterval,
      routes: routes.map((route) => ({
        receiver: route.name,
        matchers: Object.entries(route.match).map(([name, value]) => `${name}="${value}"`),
        group_by: ['alertname', 'service'],
        group_wait: route.groupWait,
        group_interval: route.groupInterval,
        repeat_interval: route.repeatInterval,
      })),
    },
    receivers: routes.map((route) => ({
      name: route.name,
      webhook_configs: route.urls.map((url) => ({ url, send_resolved: true, max_alerts: 0 })),
    })),
  };
}

/** `0.25.0`, from `--version` (empty when it cannot be read). */
function readVersion(): string {
  try {
    const text = execFileSync(ALERTMANAGER_BIN, ['--version'], { encoding: 'utf8', stdio: 'pipe' });
    return /version (\S+)/.exec(text)?.[1] ?? '';
  } catch {
    return '';
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

/** A loopback port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
