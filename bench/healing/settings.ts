import { DEMO_FAULT_NAMES, type DemoFaultName } from '../../src/server/index.js';

/** How much the healing benchmark does. */
export interface Settings {
  /** Faults injected one after another. */
  faults: number;
  /** A fault not healed this long after its injection counts as not healed (it is then switched off by hand). */
  faultDeadlineMs: number;
  /** Between faults: how long the fleet may take to be all up with no alert firing. */
  settleTimeoutMs: number;
}

/**
 * Every named demo fault, all covered by the demo runbooks: `down`, `slow` (past the 5 s check
 * timeout) and `errors` show through the health checks (`demo-service-down`), `cpu` through the
 * scraped cpu_percent (`demo-high-cpu`).
 */
export const FAULT_KINDS: readonly DemoFaultName[] = DEMO_FAULT_NAMES;

/** The demo monitors' check interval (demo-definitions.ts): injections fall at a random phase of it. */
export const CHECK_INTERVAL_MS = 5_000;

/** Seed of the random injection phases: runs are alike from one to the next. */
export const PHASE_SEED = 7;

/** The run: 20 faults. */
export const FULL: Settings = { faults: 20, faultDeadlineMs: 90_000, settleTimeoutMs: 60_000 };

/**
 * One fault (`down`), the same measurements: about 10 s to heal, plus the fleet settling before
 * and after (a run of every fault kind would pass the 45 s of --quick).
 */
export const QUICK: Settings = { faults: 1, faultDeadlineMs: 90_000, settleTimeoutMs: 60_000 };

/** Targets copied from the issue. */
export const TARGETS = {
  /** From the fault's injection to `healing.remediation_healed`, median. */
  faultToHealedP50Seconds: 15,
  /** Faults healed automatically, of those injected (all are covered by the demo runbooks). */
  healedAutomaticallyPercent: 100,
} as const;
