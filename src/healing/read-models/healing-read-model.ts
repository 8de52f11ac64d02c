import { type ConsumerStatus, type EventStore, ProjectionRunner } from '../../events/index.js';
import type { Clock, Logger } from '../../kernel/index.js';
import { healingProjection } from './healing-projection.js';
import { HealingQueries } from './healing-queries.js';

export interface HealingReadModelOptions {
  store: EventStore;
  clock?: Clock;
  logger?: Logger;
}

/**
 * The healing projection, run, and its queries. HealingService runs one; a server with healing
 * turned off may run one alone, so past remediations and their statistics stay readable.
 */
export class HealingReadModel {
  readonly queries: HealingQueries;
  private readonly runner: ProjectionRunner;

  constructor(options: HealingReadModelOptions) {
    this.runner = new ProjectionRunner(options.store, healingProjection, {
      clock: options.clock,
      logger: options.logger,
    });
    this.queries = new HealingQueries(options.store, this.runner.tables);
  }

  /** For /health/ready. */
  get consumer(): { readonly name: string; readonly status: ConsumerStatus } {
    const runner = this.runner;
    return {
      name: 'healing-read-model',
      get status() {
        return runner.status;
      },
    };
  }

  start(): Promise<void> {
    return this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Resolves once the read model has taken in every event committed before the call. */
  waitUntilCaughtUp(): Promise<void> {
    return this.runner.waitUntilCaughtUp();
  }
}
