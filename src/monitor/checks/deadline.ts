import type { CheckContext } from './check-types.js';

// AbortSignal.timeout takes at most a 32-bit millisecond count.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The signal a check obeys (the scheduler's and its own timeout) and the words for why it fired. */
export interface CheckDeadline {
  readonly signal: AbortSignal;
  /** Why the signal fired, for the result message; only meaningful once it has. */
  describe(): string;
}

/**
 * Combines the scheduler's signal with the spec's own timeout, so a check is bounded even when the
 * scheduler's deadline is longer (or absent in a direct call).
 */
export function startDeadline(context: CheckContext, timeoutMs: number): CheckDeadline {
  const ms =
    Number.isFinite(timeoutMs) && timeoutMs > 0
      ? Math.min(Math.ceil(timeoutMs), MAX_TIMEOUT_MS)
      : MAX_TIMEOUT_MS;
  // A plain controller rather than AbortSignal.any/timeout: on Node 20 those keep every
  // combined signal reachable from their sources, which leaked memory at 1,000 checks/s.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    context.signal.removeEventListener('abort', onAbort);
    controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
  }, ms);
  timer.unref();
  const onAbort = () => {
    clearTimeout(timer);
    controller.abort(context.signal.reason);
  };
  if (context.signal.aborted) onAbort();
  else context.signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    describe: () => (timedOut ? `timed out after ${ms} ms` : describeAbortReason(controller.signal.reason)),
  };
}

function describeAbortReason(reason: unknown): string {
  if (reason instanceof Error && reason.name === 'TimeoutError') return 'timed out';
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) {
    return `check aborted: ${reason.message}`;
  }
  if (typeof reason === 'string' && reason) return `check aborted: ${reason}`;
  return 'check aborted';
}
