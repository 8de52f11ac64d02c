import type { Clock } from '../../kernel/index.js';
import type { MonitorDefinition } from '../definition/monitor-definition.js';
import type { ResultWriter } from '../results/result-writer.js';
import type { ScheduledCheck } from '../scheduler/check-scheduler.js';

/** What a service may say with its beat: that it is down, and why. */
export interface HeartbeatReport {
  status?: 'up' | 'down';
  message?: string;
}

/**
 * The heartbeat monitors this instance runs: each beat is an up (or reported) result, and the
 * monitor's scheduled turn writes a down result when no beat came within interval + grace.
 */
export class HeartbeatTracker {
  /** Last beat per heartbeat monitor (epoch ms). */
  private readonly lastBeats = new Map<string, number>();

  constructor(
    private readonly writer: ResultWriter,
    private readonly clock: Clock,
  ) {}

  /** Records a beat that just arrived. */
  beat(monitorId: string, monitor: MonitorDefinition, report: HeartbeatReport): void {
    const now = this.clock.now();
    this.lastBeats.set(monitorId, now);
    this.writer.record({
      monitorId,
      monitor: monitor.name,
      service: monitor.service,
      kind: 'heartbeat',
      dueAt: now,
      startedAt: now,
      result: {
        status: report.status ?? 'up',
        latencyMs: 0,
        message: report.message ?? 'heartbeat received',
      },
    });
  }

  /** Remembers a beat known from the read model (at start, or when taking a monitor over). */
  remember(monitorId: string, at: number): void {
    this.lastBeats.set(monitorId, at);
  }

  /** Starts the allowance of a monitor now run here, unless a beat is known already. */
  watch(monitorId: string): void {
    if (!this.lastBeats.has(monitorId)) this.lastBeats.set(monitorId, this.clock.now());
  }

  forget(monitorId: string): void {
    this.lastBeats.delete(monitorId);
  }

  /** The monitor's turn: a down result when no beat came within interval + grace. */
  sweep(check: ScheduledCheck, monitor: MonitorDefinition, graceSeconds: number): void {
    const now = this.clock.now();
    const last = this.lastBeats.get(check.monitorId) ?? now;
    const allowedMs = (monitor.intervalSeconds + graceSeconds) * 1000;
    if (now - last <= allowedMs) return;
    this.writer.record({
      monitorId: check.monitorId,
      monitor: monitor.name,
      service: monitor.service,
      kind: 'heartbeat',
      dueAt: check.dueAt,
      startedAt: check.startedAt,
      result: {
        status: 'down',
        latencyMs: 0,
        message: `no heartbeat for ${Math.round((now - last) / 1000)} s (allowed ${allowedMs / 1000} s)`,
      },
    });
  }
}
