import {
  type Clock,
  type Logger,
  silentLogger,
  systemClock,
  type TimerHandle,
  ValidationError,
} from '../../kernel/index.js';
import { activeDemoFault, DEMO_FAULT_NAMES, DEMO_FAULTS, type DemoFaultName } from './demo-faults.js';
import { simulatorBaseUrl } from './loopback-url.js';
import { readFaults, switchFaults } from './simulator-client.js';

/** What one tick of the chaos loop did. */
export type ChaosTickOutcome =
  | { action: 'injected'; service: string; fault: DemoFaultName }
  /** A fault was still on (not yet healed): one fault at a time. */
  | { action: 'skipped'; service: string; fault: DemoFaultName }
  | { action: 'failed'; error: string };

/** How the chaos loop runs. */
export interface ChaosLoopOptions {
  /** The simulated services (base URLs on loopback). */
  services: ReadonlyArray<{ name: string; url: string }>;
  /** Between two ticks; default 60 s. */
  intervalMs?: number;
  /** Before the first tick; default 20 s, so the demo shows a healthy fleet first. */
  firstDelayMs?: number;
  /** The faults to pick from; default all of DEMO_FAULT_NAMES. */
  faults?: readonly DemoFaultName[];
  clock?: Clock;
  /** Uniform numbers in [0, 1); seedRandom(seed) makes a run reproducible. Default Math.random. */
  random?: () => number;
  logger?: Logger;
  /** Called after each tick (tests, metrics). */
  onTick?: (outcome: ChaosTickOutcome) => void;
}

export const DEFAULT_CHAOS_INTERVAL_MS = 60_000;
export const DEFAULT_CHAOS_FIRST_DELAY_MS = 20_000;

/**
 * Every interval, switches one random fault on at one random simulated service through its
 * POST /chaos, unless a demo fault is still on somewhere: the demo shows one incident at a time,
 * and healing (or `vigia demo reset`) switching it off lets the next one come.
 */
export class ChaosLoop {
  private readonly services: ReadonlyArray<{ name: string; url: string }>;
  private readonly faults: readonly DemoFaultName[];
  private readonly intervalMs: number;
  private readonly firstDelayMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ChaosLoopOptions) {
    if (options.services.length === 0) throw new ValidationError('the chaos loop needs at least one service');
    this.services = options.services.map((service, index) => ({
      name: service.name,
      url: simulatorBaseUrl(service.url, `services[${index}].url`),
    }));
    this.faults = options.faults ?? DEMO_FAULT_NAMES;
    if (this.faults.length === 0) throw new ValidationError('the chaos loop needs at least one fault');
    this.intervalMs = positive('intervalMs', options.intervalMs ?? DEFAULT_CHAOS_INTERVAL_MS);
    this.firstDelayMs = positive('firstDelayMs', options.firstDelayMs ?? DEFAULT_CHAOS_FIRST_DELAY_MS);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger();
  }

  /** Schedules the first tick; calling it again does nothing. */
  start(): this {
    if (this.timer || this.stopped) return this;
    this.schedule(this.firstDelayMs);
    this.logger.info(
      { services: this.services.length, firstInMs: this.firstDelayMs, everyMs: this.intervalMs },
      'demo chaos loop started',
    );
    return this;
  }

  /** Cancels the next tick and waits for a running one; faults already on stay on. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.running;
  }

  /** Resolves when no tick is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** One tick: skip while a demo fault is on, else switch a random fault on at a random service. */
  async tick(): Promise<ChaosTickOutcome> {
    let outcome: ChaosTickOutcome;
    try {
      outcome = await this.injectUnlessFaulty();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ err: error }, `demo chaos: tick failed: ${message}`);
      outcome = { action: 'failed', error: message };
    }
    this.options.onTick?.(outcome);
    return outcome;
  }

  private async injectUnlessFaulty(): Promise<ChaosTickOutcome> {
    const settings = await Promise.all(this.services.map((service) => readFaults(service.url)));
    for (const [index, current] of settings.entries()) {
      const fault = activeDemoFault(current);
      if (fault) {
        const service = this.services[index]!.name;
        this.logger.info({ service, fault }, `demo chaos: ${service} still has fault "${fault}"; skipped`);
        return { action: 'skipped', service, fault };
      }
    }
    const target = this.services[this.pick(this.services.length)]!;
    const fault = this.faults[this.pick(this.faults.length)]!;
    await switchFaults(target.url, DEMO_FAULTS[fault]);
    this.logger.info(
      { service: target.name, fault, faults: DEMO_FAULTS[fault] },
      `demo chaos: fault "${fault}" switched on at ${target.name}`,
    );
    return { action: 'injected', service: target.name, fault };
  }

  private pick(count: number): number {
    return Math.min(count - 1, Math.floor(this.random() * count));
  }

  private schedule(delayMs: number): void {
    this.timer = this.clock.setTimer(delayMs, () => {
      if (this.stopped) return;
      // Fixed rate: the next tick is due an interval after this one started, whatever this one takes.
      this.schedule(this.intervalMs);
      if (this.running) {
        this.logger.debug('demo chaos: the previous tick is still running; skipped');
        return;
      }
      this.running = this.tick().then(
        () => {
          this.running = undefined;
        },
        () => {
          this.running = undefined;
        },
      );
    });
  }
}

function positive(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`${field} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}

/** Starts a chaos loop (see ChaosLoop); stop it with `loop.stop()`. */
export function startChaosLoop(options: ChaosLoopOptions): ChaosLoop {
  return new ChaosLoop(options).start();
}
