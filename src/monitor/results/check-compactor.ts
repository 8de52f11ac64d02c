import { type EventStore, LOG_START, type LogCheckpoint } from '../../events/index.js';
import { type Clock, type Logger, type TimerHandle, ValidationError } from '../../kernel/index.js';
import { MonitorEvents } from '../monitor-events.js';

const DAY_MS = 86_400_000;

/** How long after `start` the first run begins: the read models get to catch up first. */
export const FIRST_COMPACTION_DELAY_MS = 60_000;

/** Time between runs. */
export const COMPACTION_INTERVAL_MS = 3_600_000;

export interface CheckCompactorOptions {
  store: EventStore;
  clock: Clock;
  logger: Logger;
  /** Days raw check results are kept; undefined keeps them for ever (the compactor does nothing). */
  rawRetentionDays: number | undefined;
  /** The checkpoint up to which the monitor read models have folded the log (their rollups hold it). */
  checkpointOf: () => Promise<LogCheckpoint>;
  /** Events examined per batch; the store's default (10,000) when absent. */
  batchSize?: number;
}

/** What one run deleted. */
export interface CompactionRun {
  deleted: number;
  batches: number;
}

/**
 * Deletes raw `monitor.check_completed` events older than the retention window once the
 * monitor read models have folded them into their per-minute rollups: once shortly after
 * start, then every hour, batch after batch (yielding to appends between batches).
 * Status changes, definitions and every other event are kept.
 */
export class CheckCompactor {
  private timer: TimerHandle | undefined;
  private running: Promise<CompactionRun> | undefined;
  private scheduled = false;
  /** Set by `stop`: a run in progress ends after its current batch. */
  private stopping = false;

  constructor(private readonly options: CheckCompactorOptions) {
    const days = options.rawRetentionDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
      throw new ValidationError(
        `rawRetentionDays must be a whole number of days from 1 to 3650 (or unset to keep raw check results for ever), got ${JSON.stringify(days)}`,
        [{ path: 'rawRetentionDays', message: 'expected an integer from 1 to 3650' }],
      );
    }
  }

  /** Whether a retention window is set. */
  get enabled(): boolean {
    return this.options.rawRetentionDays !== undefined;
  }

  /** Schedules the first run shortly after now and one every hour after it; does nothing when disabled. */
  start(): void {
    if (!this.enabled || this.scheduled) return;
    this.scheduled = true;
    this.stopping = false;
    this.schedule(FIRST_COMPACTION_DELAY_MS);
  }

  /** Cancels the schedule and waits for a run in progress to finish its batch. */
  async stop(): Promise<void> {
    this.scheduled = false;
    this.stopping = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Resolves when no run is in progress (tests). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Runs one compaction now (a run already in progress is joined, not doubled). */
  runOnce(): Promise<CompactionRun> {
    this.running ??= this.compact().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (!this.scheduled) return;
    this.timer = this.options.clock.setTimer(delayMs, () => {
      this.timer = undefined;
      this.runOnce()
        .catch((error: unknown) =>
          this.options.logger.error(
            { err: error },
            'compacting raw check results failed; retrying at the next run',
          ),
        )
        .finally(() => this.schedule(COMPACTION_INTERVAL_MS));
    });
  }

  private async compact(): Promise<CompactionRun> {
    const days = this.options.rawRetentionDays;
    if (days === undefined) return { deleted: 0, batches: 0 };
    const { store, clock, logger } = this.options;
    const before = new Date(clock.now() - days * DAY_MS);
    const upTo = await this.options.checkpointOf();
    const run: CompactionRun = { deleted: 0, batches: 0 };
    if (upTo.position <= 0) return run;
    let after = LOG_START;
    for (;;) {
      const batch = await store.compact({
        types: [MonitorEvents.checkCompleted],
        before,
        upTo,
        after,
        limit: this.options.batchSize,
      });
      run.deleted += batch.deleted;
      run.batches += 1;
      if (!batch.more || this.stopping) break;
      after = batch.next;
      // Let queued appends and reads in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (run.deleted > 0) {
      logger.info(
        { deleted: run.deleted, batches: run.batches, before: before.toISOString(), upTo },
        'compacted raw check results older than the retention window into the rollups',
      );
    }
    return run;
  }
}
