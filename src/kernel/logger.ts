import pino, { type Logger } from 'pino';
import { currentContext } from './context.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines; defaults to on only when stderr is a TTY. */
  pretty?: boolean;
  /** Where JSON lines go; defaults to stderr so stdout stays for command output. */
  destination?: pino.DestinationStream;
}

/** Keys whose values never reach a log line. */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'token',
  'tokenHash',
  'secret',
  'authorization',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.secret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'postgres.url',
  'url',
];

/** A pino JSON logger that stamps each line with the current correlationId and traceId. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY === true;
  const base: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { pid: process.pid },
    redact: { paths: REDACTED_KEYS, censor: '[redacted]' },
    mixin() {
      const { correlationId, traceId } = currentContext();
      return correlationId || traceId ? { correlationId, traceId } : {};
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } },
    });
  }
  return pino(base, pino.destination({ fd: 2, sync: false }));
}

/** A logger that writes nothing (tests, library use without logging). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
