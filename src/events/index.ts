export { AsyncMutex } from './async-mutex.js';
export {
  type AppendOptions,
  type AppendResult,
  checkpointOf,
  type EventMetadata,
  type EventToAppend,
  type ExpectedVersion,
  LOG_START,
  type LogCheckpoint,
  type LogFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreStats,
  type StreamAppend,
} from './envelope.js';
export {
  IdempotencyConflictError,
  InvalidEventError,
  LeaseLostError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from './errors.js';
export type { EventStore, InlineProjection } from './event-store.js';
export { versionMatches } from './expected-version.js';
export { DEFAULT_MAX_EVENT_BYTES, type PreparedAppend, type PreparedEvent, prepareAppends } from './prepare-append.js';
export { readAllPaged } from './read-all-paged.js';
export type { SqlTransaction } from './sql-transaction.js';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
