import { type EventStore, LogFollower } from '../../events/index.js';
import { type Clock, type Logger, silentLogger, systemClock } from '../../kernel/index.js';
import { ActionExecutor, type ActionExecutorOptions } from '../actions/action-executor.js';
import type { HealingQueries } from '../read-models/healing-queries.js';
import { HealingReadModel } from '../read-models/healing-read-model.js';
import { ActionRunner } from './action-runner.js';
import { REMEDIATION_FILTER, RemediationLoop, type RemediationSettings } from './remediation-loop.js';

export interface HealingServiceOptions {
  store: EventStore;
  settings: RemediationSettings & { commands?: ActionExecutorOptions['commands'] };
  clock?: Clock;
  logger?: Logger;
  leaseMs?: number;
  snapshotIntervalMs?: number;
}

/** Healing, wired: the remediation loop (decisions), the action runner (effects) and the read model. */
export class HealingService {
  readonly loop: RemediationLoop;
  /** Remediations and per (rule, step) statistics (the `healing` projection). */
  readonly readModel: HealingReadModel;
  private readonly follower: LogFollower;
  private readonly runner: ActionRunner;

  constructor(options: HealingServiceOptions) {
    const clock = options.clock ?? systemClock;
    const logger = (options.logger ?? silentLogger()).child({ loop: 'healing' });
    const executor = new ActionExecutor({ clock, logger, commands: options.settings.commands });
    this.runner = new ActionRunner(options.store, executor, logger);
    this.readModel = new HealingReadModel({ store: options.store, clock, logger });
    this.loop = new RemediationLoop({ dryRun: options.settings.dryRun }, this.runner, logger);
    this.follower = new LogFollower({
      store: options.store,
      name: 'healing-remediation',
      filter: REMEDIATION_FILTER,
      handler: this.loop,
      clock,
      logger,
      leaseMs: options.leaseMs,
      snapshotIntervalMs: options.snapshotIntervalMs,
    });
  }

  /** Reads remediations and their statistics. */
  get queries(): HealingQueries {
    return this.readModel.queries;
  }

  /** The loop and the read model, for /health/ready. */
  get consumers() {
    return [this.follower, this.readModel.consumer];
  }

  async start(): Promise<void> {
    await this.readModel.start();
    await this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.runner.stop();
    await this.readModel.stop();
  }

  /** Resolves once the loop and the read model have taken in everything committed before the call. */
  async waitUntilCaughtUp(): Promise<void> {
    await this.follower.waitUntilCaughtUp();
    await this.readModel.waitUntilCaughtUp();
  }

  /** Resolves once no action is running (tests). */
  actionsIdle(): Promise<void> {
    return this.runner.idle();
  }
}
