import type { Logger } from '../kernel/index.js';
import type { RecordedEvent } from './envelope.js';
import type { EventStore } from './event-store.js';

type Handler<T> = (event: RecordedEvent<T>) => void | Promise<void>;

/**
 * In-process pub/sub on top of the log: handlers see events only after they are durable
 * (the store calls the bus after commit). Not a replacement for durable consumers: a
 * process that was down misses what happened meanwhile. `TEvents` maps type → payload.
 */
export class EventBus<TEvents extends Record<string, unknown> = Record<string, unknown>> {
  private readonly byType = new Map<string, Set<Handler<unknown>>>();
  private readonly global = new Set<Handler<unknown>>();
  private readonly detach: () => void;

  constructor(
    store: EventStore,
    private readonly logger?: Logger,
  ) {
    this.detach = store.onAppended((events) => {
      for (const event of events) this.dispatch(event);
    });
  }

  /** Calls `handler` for every committed event of `type`; returns an unsubscribe function. */
  subscribe<K extends keyof TEvents & string>(type: K, handler: Handler<TEvents[K]>): () => void {
    let handlers = this.byType.get(type);
    if (!handlers) {
      handlers = new Set();
      this.byType.set(type, handlers);
    }
    handlers.add(handler as Handler<unknown>);
    return () => handlers.delete(handler as Handler<unknown>);
  }

  /** Calls `handler` for every committed event. */
  subscribeAll(handler: Handler<unknown>): () => void {
    this.global.add(handler);
    return () => this.global.delete(handler);
  }

  close(): void {
    this.detach();
    this.byType.clear();
    this.global.clear();
  }

  private dispatch(event: RecordedEvent): void {
    const handlers = this.byType.get(event.type);
    if (handlers) for (const handler of handlers) this.invoke(handler, event);
    for (const handler of this.global) this.invoke(handler, event);
  }

  private invoke(handler: Handler<unknown>, event: RecordedEvent): void {
    try {
      const result = handler(event);
      if (result instanceof Promise) result.catch((error) => this.report(error, event));
    } catch (error) {
      this.report(error, event);
    }
  }

  private report(error: unknown, event: RecordedEvent): void {
    this.logger?.error(
      { err: error, type: event.type, position: event.position },
      'event bus handler failed',
    );
  }
}
