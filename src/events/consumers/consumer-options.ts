import type { Clock, Logger, Registry } from '../../kernel/index.js';
import type { LogFilter, RecordedEvent } from '../envelope.js';
import type { StoreTransaction } from '../sql-transaction.js';

/** What a handler learns about the batch it is given. */
export interface ConsumerContext {
  readonly consumer: string;
  /** True while a projection replays history into a new version: side effects must not happen. */
  readonly replaying: boolean;
  /** Runs `effect` after the batch commits; dropped while replaying. */
  afterCommit(effect: () => void | Promise<void>): void;
}

export type ConsumerHandler = (
  events: ReadonlyArray<RecordedEvent>,
  tx: StoreTransaction,
  context: ConsumerContext,
) => Promise<void>;

export interface DurableConsumerOptions {
  /** Unique name; the checkpoint and lease are stored under it. */
  name: string;
  /** Writes read models with `tx`; the checkpoint commits in the same transaction. */
  handle: ConsumerHandler;
  filter?: LogFilter;
  /** Events per transaction. Default 500. */
  batchSize?: number;
  /** Attempts of one event before it is parked. Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to retryMaxMs. Defaults 200 ms and 30 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a lease lasts without renewal. Default 15 s. */
  leaseMs?: number;
  /** Where a consumer without a checkpoint starts. Default the beginning of the log. */
  startAt?: 'beginning' | 'end';
  /** Whether batches are a replay (projection rebuilds); read before each batch. */
  replaying?: () => boolean;
  instanceId?: string;
  clock?: Clock;
  logger?: Logger;
  metrics?: Registry;
}

export type ConsumerStatus = 'stopped' | 'waiting-for-lease' | 'running';
