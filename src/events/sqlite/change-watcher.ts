import type Database from 'better-sqlite3';
import type { Clock, TimerHandle } from '../../kernel/index.js';

/**
 * Wakes waiters when the log may have grown: at once for appends made by this process,
 * and for appends by other processes (a CLI next to the server) when SQLite's
 * `data_version` changes, checked every `pollMs` only while someone waits.
 */
export class ChangeWatcher {
  private waiters = new Set<() => void>();
  private timer: TimerHandle | undefined;
  private lastDataVersion: number;
  private readonly dataVersion: Database.Statement<[], number>;

  constructor(
    reader: Database.Database,
    private readonly clock: Clock,
    private readonly pollMs = 50,
  ) {
    this.dataVersion = reader.prepare<[], number>('PRAGMA data_version').pluck();
    this.lastDataVersion = this.dataVersion.get() ?? 0;
  }

  /** Resolves on the next change or abort; the caller re-reads afterwards. */
  waitForChange(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        signal.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        if (this.waiters.size === 0) this.stopPolling();
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      this.startPolling();
    });
  }

  /** Called after every commit made by this process. */
  notify(): void {
    if (this.waiters.size === 0) return;
    this.lastDataVersion = this.dataVersion.get() ?? this.lastDataVersion;
    for (const wake of [...this.waiters]) wake();
  }

  close(): void {
    for (const wake of [...this.waiters]) wake();
    this.stopPolling();
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = this.clock.setTimer(this.pollMs, () => {
      this.timer = undefined;
      const version = this.dataVersion.get() ?? 0;
      if (version !== this.lastDataVersion) {
        this.lastDataVersion = version;
        for (const wake of [...this.waiters]) wake();
      }
      if (this.waiters.size > 0) this.startPolling();
    });
  }

  private stopPolling(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
