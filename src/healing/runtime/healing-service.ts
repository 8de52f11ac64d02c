import { type EventStore, LogFollower } from '../../events/index.js';
import { type Clock, type Logger, silentLogger, systemClock } from '../../kernel/index.js';
import { ActionExecutor, type ActionExecutorOptions } from '../actions/action-executor.js';
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

/** Healing, wired: the remediation loop (decisions) and the action runner (effects). */
export class HealingService {
  readonly loop: RemediationLoop;
  private readonly follower: LogFollower;
  private readonly runner: ActionRunner;

  constructor(options: HealingServiceOptions) {
    const clock = options.clock ?? systemClock;
    const logger = (options.logger ?? silentLogger()).child({ loop: 'healing' });
    const executor = new ActionExecutor({ clock, logger, commands: options.settings.commands });
    this.runner = new ActionRunner(options.store, executor, logger);
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

  get consumers() {
    return [this.follower];
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.runner.stop();
  }

  async waitUntilCaughtUp(): Promise<void> {
    await this.follower.waitUntilCaughtUp();
  }

  /** Resolves once no action is running (tests). */
  actionsIdle(): Promise<void> {
    return this.runner.idle();
  }
}
