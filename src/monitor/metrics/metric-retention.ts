import { type EventStore, ProjectionNotReadyError, type ProjectionRunner } from '../../events/index.js';
import type { Clock, Logger, TimerHandle } from '../../kernel/index.js';
import { floorToMinute } from '../ingest/index.js';
import { MetricTables } from './metric-projection.js';

/** Settings of the metric retention task. */
export interface MetricRetentionOptions {
  store: EventStore;
  runner: ProjectionRunner;
  clock: Clock;
  logger: Logger;
  /** Minute rollups older than this many days are deleted. */
  retentionDays: number;
  /** How often the task runs (ms). Default one hour. */
  intervalMs?: number;
}

/** What one retention run deleted. */
export interface RetentionOutcome {
  minutes: number;
  series: number;
}

const DAY_MS = 86_400_000;

/**
 * Keeps the metric read models within `retentionDays`: deletes minute rollups older than that, then
 * series with no minute left (their last sample is older) and their label rows. Runs at start and then
 * every interval. Only the read models shrink: the `metric.samples_recorded` events stay in the log.
 */
export class MetricRetention {
  private timer: TimerHandle | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(private readonly options: MetricRetentionOptions) {}

  /** Runs once now, then every interval, until stopped. Failures are logged; the next run tries again. */
  start(): void {
    this.stopped = false;
    this.tick();
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.running.catch(() => undefined);
  }

  /** Resolves once the run in progress, if any, has ended (tests). */
  async idle(): Promise<void> {
    await this.running.catch(() => undefined);
  }

  /** Deletes what is past retention now; `undefined` while the read models are first being built. */
  async runOnce(): Promise<RetentionOutcome | undefined> {
    const { store, runner, clock } = this.options;
    let tables: { series: string; minutes: string; labels: string };
    try {
      tables = {
        series: runner.table(MetricTables.series),
        minutes: runner.table(MetricTables.minutes),
        labels: runner.table(MetricTables.labels),
      };
    } catch (error) {
      if (error instanceof ProjectionNotReadyError) return undefined;
      throw error;
    }
    const cutoff = floorToMinute(clock.now() - this.options.retentionDays * DAY_MS);
    return store.withTransaction(async (tx) => {
      const minutes = await tx.execute(`DELETE FROM ${tables.minutes} WHERE minute < $1`, [cutoff]);
      // A series' minutes all lie at or before its last sample's minute, so these have none left.
      const series = await tx.execute(`DELETE FROM ${tables.series} WHERE last_at < $1`, [cutoff]);
      if (series > 0) {
        await tx.execute(
          `DELETE FROM ${tables.labels} WHERE NOT EXISTS
             (SELECT 1 FROM ${tables.series} s WHERE s.series_key = ${tables.labels}.series_key)`,
        );
      }
      return { minutes, series };
    });
  }

  private tick(): void {
    if (this.stopped) return;
    this.running = this.runOnce()
      .then((outcome) => {
        if (outcome && (outcome.minutes > 0 || outcome.series > 0)) {
          this.options.logger.info(outcome, 'metric retention deleted old rollups');
        }
      })
      .catch((error) => this.options.logger.error({ err: error }, 'metric retention failed'))
      .finally(() => {
        if (this.stopped) return;
        this.timer = this.options.clock.setTimer(this.options.intervalMs ?? 3_600_000, () => this.tick());
      });
  }
}
