import type { Logger } from 'pino';
import { ShuttingDownError } from './errors.js';

type ShutdownHook = () => Promise<void> | void;

/**
 * Coordinates a graceful stop: refuses new work, waits for in-flight work to drain
 * (up to a deadline), then runs close hooks in reverse registration order.
 */
export class ShutdownCoordinator {
  private readonly hooks: Array<{ name: string; hook: ShutdownHook }> = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly logger?: Logger,
    private readonly drainTimeoutMs = 10_000,
  ) {}

  get isShuttingDown(): boolean {
    return this.stopping !== undefined;
  }

  /** Registers a close hook; hooks run last-registered first, like a stack of resources. */
  onShutdown(name: string, hook: ShutdownHook): void {
    this.hooks.push({ name, hook });
  }

  /** Runs `work` as tracked in-flight work; rejects with ShuttingDownError once shutdown began. */
  track<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new ShuttingDownError(what));
    const promise = work();
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Stops once; later calls return the same promise. */
  shutdown(reason = 'requested'): Promise<void> {
    this.stopping ??= this.run(reason);
    return this.stopping;
  }

  /** Calls shutdown on SIGINT/SIGTERM, then exits with 0 (or 1 if a hook failed). */
  installSignalHandlers(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.logger?.info({ signal }, 'shutting down');
      this.shutdown(signal).then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  private async run(reason: string): Promise<void> {
    const drained = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.drainTimeoutMs);
    });
    const outcome = await Promise.race([drained.then(() => 'drained' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger?.warn({ pending: this.inFlight.size }, 'drain deadline passed; closing anyway');
    }
    let failed: unknown;
    for (const { name, hook } of [...this.hooks].reverse()) {
      try {
        await hook();
      } catch (error) {
        failed ??= error;
        this.logger?.error({ err: error, hook: name }, 'shutdown hook failed');
      }
    }
    this.logger?.info({ reason }, 'stopped');
    if (failed) throw failed;
  }
}
