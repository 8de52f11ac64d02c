import type { RecordedEvent } from '../envelope.js';
import type { SqlTransaction } from '../sql-transaction.js';

/** Resolves a projection's logical table names to the physical tables of the version being written. */
export interface ProjectionTables {
  /** The physical name of logical table `name`, e.g. `monitor_status` → `monitor_status__v2_r1`. */
  table(name: string): string;
}

/** What a projection's apply step is told about the batch. */
export interface ProjectionContext extends ProjectionTables {
  /** True while the projection is rebuilt from history: send no notifications, call nothing outside. */
  readonly replaying: boolean;
  /** Runs `effect` after the batch commits; dropped while replaying. */
  afterCommit(effect: () => void | Promise<void>): void;
}

/**
 * An asynchronous read model fed by the log. Bump `version` when its tables or logic change:
 * the new version is built from position 0 beside the old one, then swapped in.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** Logical names of the tables it owns; each gets a versioned physical name. */
  readonly tables: ReadonlyArray<string>;
  readonly eventTypePrefixes?: ReadonlyArray<string>;
  /** Creates the tables of one version (names from `tables.table(...)`). */
  setup(tx: SqlTransaction, tables: ProjectionTables): Promise<void>;
  apply(events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction, context: ProjectionContext): Promise<void>;
}
