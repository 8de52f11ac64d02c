import pg from 'pg';
import { StoreUnavailableError } from '../errors.js';

export interface ConnectionSettings {
  connectionString: string;
  schema: string;
  connectionTimeoutMillis: number;
}

const INT8_OID = 20;

/** int8 (counts, positions, versions) as a JS number for this store's connections only, not pg's global types. */
const storeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Client settings shared by the pool and the LISTEN connection: search_path is the store's schema. */
export function clientConfig(settings: ConnectionSettings): pg.ClientConfig {
  return {
    connectionString: settings.connectionString,
    options: `-c search_path=${settings.schema}`,
    connectionTimeoutMillis: settings.connectionTimeoutMillis,
    keepAlive: true,
    application_name: 'vigia',
    types: storeTypes,
  };
}

/** `host:port` of the server a connection string points at, for messages; never the password. */
export function describeTarget(connectionString: string): string {
  const defaultHost = process.env.PGHOST || 'localhost';
  const defaultPort = process.env.PGPORT || '5432';
  if (/^postgres(ql)?:\/\//i.test(connectionString)) {
    try {
      const url = new URL(connectionString);
      const socketHost = url.searchParams.get('host');
      const host = url.hostname ? decodeURIComponent(url.hostname) : (socketHost ?? defaultHost);
      return `${host}:${url.port || defaultPort}`;
    } catch {
      // `postgres://user@/db?host=/socket/dir` has no URL host: read the query string alone.
      const query = connectionString.split('?')[1] ?? '';
      const params = new URLSearchParams(query);
      return `${params.get('host') ?? defaultHost}:${params.get('port') ?? defaultPort}`;
    }
  }
  const host = /(?:^|\s)host\s*=\s*'?([^'\s]+)/.exec(connectionString)?.[1] ?? defaultHost;
  const port = /(?:^|\s)port\s*=\s*'?(\d+)/.exec(connectionString)?.[1] ?? defaultPort;
  return `${host}:${port}`;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ENOENT',
]);
// SQLSTATE classes meaning "the server cannot serve us": connection exception, invalid authorization,
// insufficient resources, operator intervention (shutdown), system error; and an unknown database.
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(['08', '28', '53', '57', '58']);
const CLIENT_CONNECTION_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed|Cannot use a pool after calling end|Connection refused/i;

/** True when `error` means the database cannot be reached or refused to serve us (not a bug in a query). */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code))
      return UNAVAILABLE_SQLSTATE_CLASSES.has(code.slice(0, 2)) || code === '3D000';
  }
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return CLIENT_CONNECTION_MESSAGES.test(String((error as { message?: unknown }).message ?? ''));
}

/** StoreUnavailableError naming the server for connection failures; any other error unchanged. */
export function toStoreError(error: unknown, target: string): unknown {
  if (error instanceof StoreUnavailableError || !isUnavailable(error)) return error;
  const reason = (error as Error).message || (error as { code?: string }).code || String(error);
  return new StoreUnavailableError(`PostgreSQL at ${target} is unavailable: ${reason}`, error);
}
