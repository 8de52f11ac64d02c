export { type Clock, SystemClock, sleepOn, systemClock, type TimerHandle } from './clock.js';
export {
  configFilePath,
  configSchema,
  ENVIRONMENT_KEYS,
  type LoadConfigOptions,
  loadConfig,
  parseConfig,
  type VigiaConfig,
  type VigiaConfigInput,
} from './config.js';
export { currentContext, runWithContext, type WorkContext } from './context.js';
export * from './documents/index.js';
export { ConfigError, ShuttingDownError, toError, ValidationError, VigiaError } from './errors.js';
export { FakeClock } from './fake-clock.js';
export { isUuid, isUuidV7, newId } from './ids.js';
export { createLogger, type Logger, type LoggerOptions, REDACTED_KEYS, silentLogger } from './logger.js';
export { Counter, createMetricsRegistry, Gauge, Histogram, Registry } from './metrics.js';
export { ShutdownCoordinator } from './shutdown.js';
