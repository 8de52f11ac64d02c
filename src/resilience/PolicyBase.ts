import type { PolicyListener } from './Policy.js';
import type { PolicyEvent } from './PolicyEvent.js';
import { PolicyStats } from './PolicyStats.js';

/** Listener bookkeeping and counters shared by every policy. */
export abstract class PolicyBase {
  readonly stats: PolicyStats;
  private listeners: PolicyListener[] = [];

  protected constructor(
    readonly name: string,
    readonly kind: string,
  ) {
    this.stats = new PolicyStats(name, kind);
  }

  on(listener: PolicyListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** True when someone listens: lets hot paths skip building event objects. */
  protected get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  protected emit(event: PolicyEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not break the call it observes.
      }
    }
  }
}
