import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that follow one unit of work (a request, a command, a consumer batch) through logs and events. */
export interface WorkContext {
  correlationId?: string;
  traceId?: string;
  actor?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** Runs `fn` with `context` visible to the logger and to event metadata defaults. */
export function runWithContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** The context of the unit of work running now, or an empty one. */
export function currentContext(): WorkContext {
  return storage.getStore() ?? {};
}
