import { ConfigError } from '../../kernel/index.js';

/** Quoted, schema-qualified names of everything the store creates in its schema. */
export interface SchemaNames {
  /** The bare schema name, e.g. `vigia`. */
  readonly schema: string;
  /** The quoted schema, e.g. `"vigia"`. */
  readonly quoted: string;
  readonly events: string;
  readonly streams: string;
  readonly migrations: string;
  /** LISTEN/NOTIFY channel that announces commits of appends, e.g. `vigia_events`. */
  readonly channel: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/;

/** Validates a schema name (lower-case identifier) and derives the names used in SQL. */
export function schemaNames(schema: string): SchemaNames {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new ConfigError(
      `PostgreSQL schema must be a lower-case identifier (a-z, 0-9, _; at most 51 characters, not starting with a digit), got ${JSON.stringify(schema)}`,
      { schema },
    );
  }
  const quoted = `"${schema}"`;
  return {
    schema,
    quoted,
    events: `${quoted}.events`,
    streams: `${quoted}.streams`,
    migrations: `${quoted}.schema_migrations`,
    channel: `${schema}_events`,
  };
}
