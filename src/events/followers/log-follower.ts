import { type Clock, type Logger, newId, silentLogger, systemClock } from '../../kernel/index.js';
import { acquireLease, releaseLease } from '../consumers/lease.js';
import {
  checkpointOf,
  LOG_START,
  type LogCheckpoint,
  type LogFilter,
  laterCheckpoint,
  type RecordedEvent,
  type StreamAppend,
} from '../envelope.js';
import type { EventStore } from '../event-store.js';
import { SnapshotStore } from './snapshot-store.js';

/** What a loop does with the log: fold events into its state, then decide what time makes due. */
export interface FollowerHandler {
  /** Replaces the in-memory state with a saved one (undefined: start from nothing). */
  restore(state: unknown): void;
  /** Folds a page of events (in log order); returns the events its decisions add, if any. */
  apply(events: ReadonlyArray<RecordedEvent>, nowMs: number): StreamAppend[];
  /** Called once caught up with the log: decisions that depend on time (timers, flushes). */
  act(nowMs: number): StreamAppend[];
  /** Called after `appends` (from apply or act) committed. */
  committed?(appends: ReadonlyArray<StreamAppend>, nowMs: number): void;
  /** The state to save, JSON-serializable. */
  snapshot(): unknown;
  /** When `act` next has timer work; undefined when none. */
  nextDueAt(): number | undefined;
}

export interface LogFollowerOptions {
  store: EventStore;
  /** Unique: names the lease and the snapshot. */
  name: string;
  filter: LogFilter;
  handler: FollowerHandler;
  clock?: Clock;
  logger?: Logger;
  /** Lease length: another instance takes over this long after this one died. Default 15 s. */
  leaseMs?: number;
  /** State is saved this often (and on stop); a crash replays the log since. Default 60 s. */
  snapshotIntervalMs?: number;
  pageSize?: number;
  instanceId?: string;
}

/**
 * Runs one loop over the log (the alert and healing loops): holds a lease so one instance runs it, restores the loop's state from its
 * snapshot, follows the log from the snapshot's checkpoint and appends the loop's decisions.
 * Decisions carry ids derived from what was decided, so replaying the log after a crash (from an
 * older snapshot) decides the same things again and the store keeps the first copy only.
 */
export class LogFollower {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly owner: string;
  private readonly snapshots: SnapshotStore;
  private readonly leaseMs: number;
  private readonly snapshotIntervalMs: number;
  private readonly pageSize: number;
  private checkpoint: LogCheckpoint = LOG_START;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private wake: AbortController | undefined;
  private holdsLease = false;
  private leaseRenewedAt = 0;
  private savedAt = 0;
  private restored = false;
  private readSequence = 0;
  private waiters: Array<{ after: number; resolve: () => void }> = [];
  private lastError: unknown;

  constructor(private readonly options: LogFollowerOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger()).child({ loop: options.name });
    this.owner = options.instanceId ?? newId();
    this.snapshots = new SnapshotStore(options.store);
    this.leaseMs = options.leaseMs ?? 15_000;
    this.snapshotIntervalMs = options.snapshotIntervalMs ?? 60_000;
    this.pageSize = options.pageSize ?? 1000;
  }

  get name(): string {
    return this.options.name;
  }

  /** 'running' once it holds the lease and follows the log. */
  get status(): 'stopped' | 'waiting-for-lease' | 'running' {
    if (!this.loop) return 'stopped';
    return this.holdsLease ? 'running' : 'waiting-for-lease';
  }

  async start(): Promise<void> {
    if (this.loop) return;
    await this.snapshots.ensureTable();
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  /** Finishes the page in hand, saves the state, releases the lease. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort?.abort();
    this.wake?.abort();
    await this.loop;
    this.loop = undefined;
    if (this.holdsLease) {
      try {
        await this.saveSnapshot();
        await this.options.store.withTransaction((tx) => releaseLease(tx, this.options.name, this.owner));
      } catch (error) {
        this.logger.warn({ err: error }, 'could not save the state on stop; the next start replays the log');
      }
      this.holdsLease = false;
    }
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters = [];
  }

  /** Resolves once every event committed before this call was folded in and acted on. */
  waitUntilCaughtUp(): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiters.push({ after: this.readSequence, resolve }));
    this.wake?.abort();
    return done;
  }

  /** Asks the loop to act now (a definition changed elsewhere, a request arrived). */
  poke(): void {
    this.wake?.abort();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (!(await this.holdLease())) {
          await this.pause(this.leaseMs / 3, signal);
          continue;
        }
        if (!this.restored) await this.restore();
        const sequence = ++this.readSequence;
        const end = await this.options.store.endCheckpoint();
        const page = await this.options.store.readAllPage(
          this.checkpoint,
          this.pageSize,
          this.options.filter,
        );
        const now = this.clock.now();
        if (page.length > 0) {
          const appends = this.options.handler.apply(page, now);
          await this.append(appends, now);
          this.checkpoint = checkpointOf(page[page.length - 1]!);
        }
        if (page.length < this.pageSize) {
          // Caught up: everything up to `end` is folded in, decisions made before a crash included.
          this.checkpoint = laterCheckpoint(this.checkpoint, end);
          await this.append(this.options.handler.act(this.clock.now()), this.clock.now());
          if (this.clock.now() - this.savedAt >= this.snapshotIntervalMs) await this.saveSnapshot();
          this.resolveWaiters(sequence);
          await this.idle(signal);
        } else if (this.clock.now() - this.savedAt >= this.snapshotIntervalMs) {
          await this.saveSnapshot();
        }
        this.lastError = undefined;
      } catch (error) {
        if (signal.aborted) break;
        if (this.lastError === undefined) this.logger.error({ err: error }, 'alert loop failed; retrying');
        this.lastError = error;
        // Decisions made in memory may not have been recorded: start again from the saved state.
        this.restored = false;
        await this.pause(1000, signal);
      }
    }
  }

  private async holdLease(): Promise<boolean> {
    const now = this.clock.now();
    if (this.holdsLease && now - this.leaseRenewedAt < this.leaseMs / 3) return true;
    const held = await this.options.store.withTransaction((tx) =>
      acquireLease(tx, this.options.name, this.owner, now, this.leaseMs),
    );
    if (held && !this.holdsLease) this.logger.info('took the lease; following the log');
    if (!held && this.holdsLease) {
      // Another instance took over (this one was away longer than the lease): rebuild on return.
      this.logger.warn('lease lost to another instance; standing by');
      this.restored = false;
    }
    this.holdsLease = held;
    if (held) this.leaseRenewedAt = now;
    return held;
  }

  private async restore(): Promise<void> {
    const saved = await this.snapshots.load(this.options.name);
    this.options.handler.restore(saved?.state);
    this.checkpoint = saved?.checkpoint ?? LOG_START;
    this.savedAt = this.clock.now();
    this.restored = true;
  }

  private async append(appends: StreamAppend[], now: number): Promise<void> {
    if (appends.length === 0) return;
    await this.options.store.appendToStreams(appends);
    this.options.handler.committed?.(appends, now);
  }

  private async saveSnapshot(): Promise<void> {
    const state = this.options.handler.snapshot();
    const savedAt = this.clock.now();
    await this.options.store.withTransaction((tx) =>
      this.snapshots.save(tx, this.options.name, { checkpoint: this.checkpoint, state, savedAt }),
    );
    this.savedAt = savedAt;
  }

  private resolveWaiters(sequence: number): void {
    const ready = this.waiters.filter((w) => w.after < sequence);
    this.waiters = this.waiters.filter((w) => w.after >= sequence);
    for (const waiter of ready) waiter.resolve();
  }

  /** Waits for new events, the next timer of the handler, or the next lease renewal. */
  private async idle(signal: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const due = this.options.handler.nextDueAt();
    const renewAt = this.leaseRenewedAt + this.leaseMs / 3;
    const until = Math.min(due ?? Number.POSITIVE_INFINITY, renewAt, this.savedAt + this.snapshotIntervalMs);
    const wake = new AbortController();
    this.wake = wake;
    const onAbort = () => wake.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = this.clock.setTimer(Math.max(0, until - now), () => wake.abort());
    try {
      if (this.waiters.length > 0) return;
      await this.options.store.waitForEvents(this.checkpoint, wake.signal);
    } finally {
      timer.cancel();
      signal.removeEventListener('abort', onAbort);
      this.wake = undefined;
    }
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    await this.clock.sleep(ms, signal).catch(() => undefined);
  }
}
