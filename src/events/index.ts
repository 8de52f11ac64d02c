export {
  type AggregateDefinition,
  AggregateRepository,
  type LoadedAggregate,
} from './aggregates/aggregate-repository.js';
export { type AsOf, type FoldOptions, foldStream, isWithin } from './aggregates/fold-stream.js';
export { createSnapshotConsumer, type SnapshotOptions } from './aggregates/snapshot-consumer.js';
export { AsyncMutex } from './async-mutex.js';
export { EventBus } from './bus.js';
export {
  type CompactOptions,
  type CompactResult,
  DEFAULT_COMPACT_LIMIT,
  EVENTS_COMPACTED,
  type EventsCompactedData,
  MAX_COMPACT_LIMIT,
  STORE_MAINTENANCE_STREAM,
} from './compaction.js';
export { loadCheckpoint, resetCheckpoint, saveCheckpoint } from './consumers/checkpoints.js';
export { ensureConsumerTables } from './consumers/consumer-tables.js';
export {
  type ConsumerContext,
  type ConsumerHandler,
  type ConsumerStatus,
  DurableConsumer,
  type DurableConsumerOptions,
} from './consumers/durable-consumer.js';
export { acquireLease, dropExpiredLeases, liveLeases, releaseLease } from './consumers/lease.js';
export { listParkedEvents } from './consumers/parked-events.js';
export {
  type AppendOptions,
  type AppendResult,
  checkpointOf,
  compareCheckpoints,
  type EventMetadata,
  type EventToAppend,
  type ExpectedVersion,
  LOG_START,
  type LogCheckpoint,
  type LogFilter,
  laterCheckpoint,
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
export {
  type FollowerHandler,
  LogFollower,
  type LogFollowerOptions,
} from './followers/log-follower.js';
export { type SavedSnapshot, SnapshotStore } from './followers/snapshot-store.js';
export { type OpenEventStoreOptions, openEventStore, sqliteFileIn } from './open-event-store.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export {
  DEFAULT_MAX_EVENT_BYTES,
  type PreparedAppend,
  type PreparedEvent,
  prepareAppends,
} from './prepare-append.js';
export type { Projection, ProjectionContext, ProjectionTables } from './projections/projection.js';
export {
  ProjectionNotReadyError,
  ProjectionRunner,
  type ProjectionRunnerOptions,
} from './projections/projection-runner.js';
export { readAllPaged } from './read-all-paged.js';
export {
  CIRCUIT_STATE_CHANGED,
  type CircuitStateChangedData,
  recordPolicyEvents,
} from './record-policy-events.js';
export type { SqlTransaction, StoreTransaction } from './sql-transaction.js';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
export { type CatchUpOptions, catchUpSubscription } from './subscriptions/catch-up-subscription.js';
