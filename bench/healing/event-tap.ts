/**
 * What the benchmark reads of Vigia: the events it appends (alerts, healing, check results and
 * monitor status changes), each with its event time, as they commit, and the state they add up
 * to (the alerts firing, each monitor's status). Waiting for something is waiting for the event
 * that says so.
 */
import type { EventStore, RecordedEvent } from '../../src/events/index.js';

/** An event of interest: its type, stream, event time (ms since the epoch) and payload. */
export interface TappedEvent {
  type: string;
  streamId: string;
  atMs: number;
  data: Record<string, unknown>;
}

const ALERT_FIRED = 'alerts.alert_fired';
const ALERT_RESOLVED = 'alerts.alert_resolved';
const STATUS_CHANGED = 'monitor.status_changed';
const KEPT_PREFIXES = ['alerts.alert_', 'healing.', STATUS_CHANGED, 'monitor.check_completed'];

interface Waiter {
  done: (event: TappedEvent | undefined) => boolean;
  resolve: (event: TappedEvent | undefined) => void;
}

/** Follows a store's appends from now on. */
export class EventTap {
  readonly events: TappedEvent[] = [];
  /** Firing alerts by alert id: their labels. */
  private readonly firing = new Map<string, Record<string, string>>();
  /** Monitor status by monitor name (the `to` of its last status change). */
  private readonly statusOf = new Map<string, string>();
  private waiters: Waiter[] = [];
  private readonly unsubscribe: () => void;

  constructor(store: EventStore) {
    this.unsubscribe = store.onAppended((events) => this.take(events));
  }

  close(): void {
    this.unsubscribe();
    for (const waiter of this.waiters) waiter.resolve(undefined);
    this.waiters = [];
  }

  /** Labels of the alerts firing now. */
  firingAlerts(): Array<Record<string, string>> {
    return [...this.firing.values()];
  }

  /** True when the last status change of every one of `monitors` went to `up`. */
  allUp(monitors: ReadonlyArray<string>): boolean {
    return monitors.every((m) => this.statusOf.get(m) === 'up');
  }

  /** Those of `monitors` not `up` now, with their status. */
  notUp(monitors: ReadonlyArray<string>): string[] {
    return monitors
      .filter((m) => this.statusOf.get(m) !== 'up')
      .map((m) => `${m} ${this.statusOf.get(m) ?? 'unknown'}`);
  }

  /**
   * Resolves with the first event from now on (or already tapped at index `from` and after)
   * that `match` accepts, or undefined once `timeoutMs` passes.
   */
  next(
    match: (event: TappedEvent) => boolean,
    timeoutMs: number,
    from = this.events.length,
  ): Promise<TappedEvent | undefined> {
    const earlier = this.events.slice(from).find(match);
    if (earlier) return Promise.resolve(earlier);
    return this.until((event) => event !== undefined && match(event), timeoutMs);
  }

  /** Resolves true as soon as `condition()` holds (checked now and after each event), false after `timeoutMs`. */
  async when(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return true;
    await this.until(() => condition(), timeoutMs);
    return condition();
  }

  private until(
    done: (event: TappedEvent | undefined) => boolean,
    timeoutMs: number,
  ): Promise<TappedEvent | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        done,
        resolve: (event) => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(event);
        },
      };
      const timer = setTimeout(() => waiter.resolve(undefined), timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private take(recorded: ReadonlyArray<RecordedEvent>): void {
    for (const event of recorded) {
      if (!KEPT_PREFIXES.some((prefix) => event.type.startsWith(prefix))) continue;
      const data = (event.data ?? {}) as Record<string, unknown>;
      const tapped: TappedEvent = {
        type: event.type,
        streamId: event.streamId,
        atMs: event.time.getTime(),
        data,
      };
      this.events.push(tapped);
      if (event.type === ALERT_FIRED) {
        this.firing.set(String(data.alertId), (data.labels as Record<string, string>) ?? {});
      } else if (event.type === ALERT_RESOLVED) {
        this.firing.delete(String(data.alertId));
      } else if (event.type === STATUS_CHANGED) {
        this.statusOf.set(String(data.monitor), String(data.to));
      }
      for (const waiter of [...this.waiters]) {
        if (waiter.done(tapped)) waiter.resolve(tapped);
      }
    }
  }
}
