import type { Clock, TimerHandle } from '../../kernel/index.js';
import { DueQueue } from './due-queue.js';

export interface ScheduledCheck {
  monitorId: string;
  /** When this run was due (epoch ms); `startedAt - dueAt` is the scheduling delay. */
  dueAt: number;
  startedAt: number;
  /** Asked for ("check now"), not a scheduled slot: a probe that goes through an open breaker. */
  requested?: boolean;
}

export interface CheckSchedulerOptions {
  clock: Clock;
  /** Most checks running at once across all monitors; more wait in FIFO order. */
  maxConcurrent: number;
  /** Runs one check; the scheduler never runs two of the same monitor at once. */
  run(check: ScheduledCheck): Promise<void>;
  /** A monitor's phase within its interval, in [0, interval): random by default (jitter). */
  phaseOf?: (monitorId: string, intervalMs: number) => number;
}

interface Entry {
  intervalMs: number;
  phaseMs: number;
  running: boolean;
  /** A "check now" arrived while it was running: run once more right after. */
  rerun: boolean;
  /** The next run was asked for ("check now"). */
  requested: boolean;
}

/** How late a slot may fire before it is skipped for the next one: 2 s, or a tenth of long intervals. */
function lateTolerance(intervalMs: number): number {
  return Math.max(2000, intervalMs / 10);
}

/**
 * Runs every monitor once per interval at its own phase (slots phase + k × interval), so
 * monitors with the same interval are spread over it rather than firing together. A monitor
 * never runs twice at once; a run that overruns skips the slots it missed. After a pause
 * (sleep, GC stall) a slot missed by more than 2 s is skipped and each monitor resumes at its
 * next slot, so nothing bursts. At most
 * `maxConcurrent` checks run at once; the rest wait their turn.
 */
export class CheckScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly due = new DueQueue();
  private readonly waiting: ScheduledCheck[] = [];
  private waitingHead = 0;
  private running = 0;
  private timer: TimerHandle | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: CheckSchedulerOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /** Checks queued behind the concurrency cap right now. */
  get backlog(): number {
    return this.waiting.length - this.waitingHead;
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** Stops scheduling and waits for running checks to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    this.waiting.length = 0;
    this.waitingHead = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Adds a monitor or changes its interval; its first run is at its next slot. */
  schedule(monitorId: string, intervalMs: number): void {
    const existing = this.entries.get(monitorId);
    if (existing && existing.intervalMs === intervalMs) return;
    const phaseMs = this.options.phaseOf?.(monitorId, intervalMs) ?? Math.floor(Math.random() * intervalMs);
    const entry: Entry = {
      intervalMs,
      phaseMs,
      running: existing?.running ?? false,
      rerun: false,
      requested: false,
    };
    this.entries.set(monitorId, entry);
    if (!entry.running) this.due.set(monitorId, this.nextSlot(entry, this.options.clock.now()));
    this.arm();
  }

  /** Stops scheduling a monitor (removed or paused); a run in progress finishes. */
  unschedule(monitorId: string): void {
    this.entries.delete(monitorId);
    this.due.remove(monitorId);
  }

  has(monitorId: string): boolean {
    return this.entries.has(monitorId);
  }

  /** Runs a monitor as soon as a slot is free (after its current run, if one is in progress). */
  checkNow(monitorId: string): boolean {
    const entry = this.entries.get(monitorId);
    if (!entry) return false;
    entry.requested = true;
    if (entry.running) entry.rerun = true;
    else this.due.set(monitorId, this.options.clock.now());
    this.arm();
    return true;
  }

  /** The first slot of an entry strictly after `after`. */
  private nextSlot(entry: Entry, after: number): number {
    const { intervalMs, phaseMs } = entry;
    const k = Math.floor((after - phaseMs) / intervalMs) + 1;
    return phaseMs + k * intervalMs;
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.due.peekTime();
    if (next === undefined || next >= this.timerAt) return;
    this.timer?.cancel();
    this.timerAt = next;
    this.timer = this.options.clock.setTimer(Math.max(0, next - this.options.clock.now()), () => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.fire();
    });
  }

  private fire(): void {
    if (this.stopped) return;
    const now = this.options.clock.now();
    const resumed: Array<[string, Entry]> = [];
    for (let due = this.due.popDue(now); due; due = this.due.popDue(now)) {
      const entry = this.entries.get(due.id);
      if (!entry || entry.running) continue;
      if (now - due.at > lateTolerance(entry.intervalMs)) {
        // Woken long after this slot (suspended, stalled): wait for the next slot rather than
        // firing every overdue monitor at once.
        resumed.push([due.id, entry]);
        continue;
      }
      entry.running = true;
      const requested = entry.requested;
      entry.requested = false;
      this.waiting.push({ monitorId: due.id, dueAt: due.at, startedAt: 0, ...(requested && { requested }) });
    }
    for (const [id, entry] of resumed) this.due.set(id, this.nextSlot(entry, now));
    this.drain();
    this.arm();
  }

  private drain(): void {
    while (this.running < this.options.maxConcurrent && this.waitingHead < this.waiting.length) {
      const check = this.waiting[this.waitingHead++]!;
      if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
        this.waiting.splice(0, this.waitingHead);
        this.waitingHead = 0;
      }
      if (!this.entries.has(check.monitorId)) continue;
      check.startedAt = this.options.clock.now();
      this.running += 1;
      const run = this.options
        .run(check)
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          this.inFlight.delete(run);
          this.finished(check.monitorId);
          this.drain();
        });
      this.inFlight.add(run);
    }
  }

  private finished(monitorId: string): void {
    const entry = this.entries.get(monitorId);
    if (!entry || this.stopped) return;
    entry.running = false;
    const now = this.options.clock.now();
    if (entry.rerun) {
      entry.rerun = false;
      this.due.set(monitorId, now);
    } else {
      this.due.set(monitorId, this.nextSlot(entry, now));
    }
    this.arm();
  }
}
