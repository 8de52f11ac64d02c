export {
  BreakersByDestination,
  type BreakersByDestinationOptions,
  type BreakerView,
} from './BreakersByDestination.js';
export { type BulkheadOptions, BulkheadPolicy } from './BulkheadPolicy.js';
export type { Backoff } from './backoff/Backoff.js';
export { ConstantBackoff } from './backoff/ConstantBackoff.js';
export { DecorrelatedJitterBackoff } from './backoff/DecorrelatedJitterBackoff.js';
export { ExponentialBackoff } from './backoff/ExponentialBackoff.js';
export { FullJitterBackoff } from './backoff/FullJitterBackoff.js';
export type { BreakerWindow, RateThresholds, WindowTotals } from './breaker/BreakerWindow.js';
export type { CircuitState } from './breaker/CircuitState.js';
export { ConsecutiveWindow, type ConsecutiveWindowOptions } from './breaker/ConsecutiveWindow.js';
export { CountWindow, type CountWindowOptions } from './breaker/CountWindow.js';
export { TimeWindow, type TimeWindowOptions } from './breaker/TimeWindow.js';
export { type ChaosOptions, ChaosPolicy, type ChaosSettings } from './ChaosPolicy.js';
export {
  type CircuitBreakerOptions,
  CircuitBreakerPolicy,
  type CircuitBreakerSnapshot,
} from './CircuitBreakerPolicy.js';
export { ResilienceConfigError } from './errors/ResilienceConfigError.js';
export {
  BrokenCircuitError,
  BulkheadRejectedError,
  ChaosInjectedError,
  OperationAbortedError,
  RateLimitedError,
  TaskTimeoutError,
} from './errors/rejections.js';
export { type FallbackOptions, FallbackPolicy } from './FallbackPolicy.js';
export { type HedgingOptions, HedgingPolicy } from './HedgingPolicy.js';
export { isRetryableStatus, parseRetryAfter, readLimited } from './http-answers.js';
export { LatencyHistogram } from './LatencyHistogram.js';
export { registerPolicyMetrics } from './metrics.js';
export {
  contextWithSignal,
  type Guarded,
  type Policy,
  type PolicyContext,
  type PolicyListener,
  ROOT_CONTEXT,
} from './Policy.js';
export { PolicyBase } from './PolicyBase.js';
export type { PolicyEvent, PolicyEventType } from './PolicyEvent.js';
export { PolicyStats } from './PolicyStats.js';
export { pipeline } from './pipeline.js';
export { type RateLimiterOptions, RateLimiterPolicy } from './RateLimiterPolicy.js';
export { RetryBudget, type RetryBudgetOptions } from './RetryBudget.js';
export { defaultRetryAfter, type RetryOptions, RetryPolicy } from './RetryPolicy.js';
export type { RateLimiter } from './ratelimit/RateLimiter.js';
export { SlidingWindowLimiter, type SlidingWindowOptions } from './ratelimit/SlidingWindowLimiter.js';
export { TokenBucket, type TokenBucketOptions } from './ratelimit/TokenBucket.js';
export { type TimeoutOptions, TimeoutPolicy } from './TimeoutPolicy.js';
export { checkBackoffSettings, checkBreakerSettings, integerOption } from './validate-options.js';
