import { downResult } from './check-result.js';
import type { ActiveCheckSpec, CheckContext, CheckResult } from './check-types.js';
import { runDnsCheck } from './dns-check.js';
import { runHttpCheck } from './http-check.js';
import { runPrometheusCheck } from './prometheus-check.js';
import { startStopwatch } from './stopwatch.js';
import { runTcpCheck } from './tcp-check.js';
import { runTlsCheck } from './tls-check.js';

/** Runs an active check of any kind. Never throws: even a bug in a check becomes a `down` result. */
export async function runCheck(spec: ActiveCheckSpec, context: CheckContext): Promise<CheckResult> {
  const elapsed = startStopwatch();
  try {
    return await dispatch(spec, context);
  } catch (error) {
    return downResult(
      elapsed(),
      `check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function dispatch(spec: ActiveCheckSpec, context: CheckContext): Promise<CheckResult> {
  switch (spec.kind) {
    case 'http':
      return runHttpCheck(spec, context);
    case 'tcp':
      return runTcpCheck(spec, context);
    case 'dns':
      return runDnsCheck(spec, context);
    case 'tls':
      return runTlsCheck(spec, context);
    case 'prometheus':
      return runPrometheusCheck(spec, context);
    default:
      return unknownKind(spec);
  }
}

// Exhaustive at compile time; at run time a spec of another kind is a down result, not a crash.
function unknownKind(spec: never): Promise<CheckResult> {
  const kind = (spec as { kind?: unknown }).kind;
  return Promise.resolve(downResult(0, `unknown check kind "${String(kind)}"`));
}
