import { isIP } from 'node:net';
import type { Clock, Logger, TimerHandle } from '../../kernel/index.js';

/** One sample of the simulated resource usage. */
export interface ResourceSample {
  cpuPercent: number;
  memoryPercent: number;
}

/** What a pusher needs: where, how often, as whom, and how to take a sample. */
export interface MetricsPusherOptions {
  service: string;
  url: string;
  intervalMs: number;
  token?: string;
  sample: () => ResourceSample;
  clock: Clock;
  logger: Logger;
}

/** Counts of push attempts, for tests and the fleet summary. */
export interface PushStats {
  sent: number;
  failed: number;
}

/** A push that has not answered in this time counts as failed (the next one is scheduled after it). */
const PUSH_TIMEOUT_MS = 5_000;

/** True for localhost, 127.0.0.0/8 and ::1: the only push targets allowed without allowRemotePush. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

/** Why `url` may not be a push target, or undefined when it may. */
export function pushTargetProblem(url: string, allowRemote: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'must be an http:// or https:// URL';
  if (parsed.username || parsed.password) return 'must not hold credentials (use the push token)';
  if (!allowRemote && !isLoopbackHost(parsed.hostname)) {
    return `host ${parsed.hostname} is not loopback; set allowRemotePush to send samples off this machine`;
  }
  return undefined;
}

/** Pushes a service's cpu/memory samples as JSON to a receiver: once at start, then every interval. */
export class MetricsPusher {
  private timer: TimerHandle | undefined;
  private inFlight: AbortController | undefined;
  private stopped = false;
  private readonly counts: PushStats = { sent: 0, failed: 0 };

  constructor(private readonly options: MetricsPusherOptions) {}

  /** Starts pushing; failures are counted and logged at debug level, never thrown. */
  start(): void {
    this.stopped = false;
    void this.pushAndReschedule();
  }

  /** Stops the schedule and abandons a push in flight. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.inFlight?.abort();
  }

  /** Pushes sent and failed so far. */
  stats(): PushStats {
    return { ...this.counts };
  }

  private async pushAndReschedule(): Promise<void> {
    await this.pushOnce();
    if (this.stopped) return;
    this.timer = this.options.clock.setTimer(this.options.intervalMs, () => void this.pushAndReschedule());
  }

  private async pushOnce(): Promise<void> {
    const { service, url, token, clock, logger } = this.options;
    const { cpuPercent, memoryPercent } = this.options.sample();
    const timestamp = new Date(clock.now()).toISOString();
    const labels = { service };
    const body = JSON.stringify({
      samples: [
        { name: 'cpu_percent', value: cpuPercent, labels, timestamp },
        { name: 'memory_percent', value: memoryPercent, labels, timestamp },
      ],
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const controller = new AbortController();
    this.inFlight = controller;
    const timeout = clock.setTimer(PUSH_TIMEOUT_MS, () => controller.abort(new Error('push timed out')));
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: controller.signal });
      // Read the answer so the keep-alive connection is reused rather than leaked.
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`receiver answered HTTP ${response.status}`);
      this.counts.sent++;
    } catch (error) {
      if (this.stopped) return;
      this.counts.failed++;
      const reason =
        error instanceof Error ? (error.cause instanceof Error ? error.cause : error).message : '';
      logger.debug({ service, target: new URL(url).host, reason }, 'simulated metrics push failed');
    } finally {
      timeout.cancel();
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }
}
