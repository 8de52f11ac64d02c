/**
 * One fault of the benchmark: switch a named demo fault on at one simulated service (its
 * `POST /chaos`, as `vigia demo chaos` does), then follow Vigia's events until the remediation
 * of an alert on that service ends — healed, not healed, escalated — or the deadline passes.
 * Nothing here switches a fault off unless Vigia failed to: then it is switched off by hand and
 * the fault counts as not healed.
 */
import {
  activeDemoFault,
  DEMO_FAULTS,
  type DemoFaultName,
  readFaults,
  resetFaults,
  switchFaults,
} from '../../src/server/index.js';
import type { EventTap, TappedEvent } from './event-tap.js';

const ALERT_FIRED = 'alerts.alert_fired';
const CHECK_COMPLETED = 'monitor.check_completed';
const DIAGNOSED = 'healing.alert_diagnosed';
const ACTION_SUCCEEDED = 'healing.action_succeeded';
const HEALED = 'healing.remediation_healed';
const NOT_HEALED = 'healing.remediation_not_healed';
const ESCALATED = 'healing.remediation_escalated';
const ENDINGS = new Set([HEALED, NOT_HEALED, ESCALATED]);

/** How one fault ended. `healed` is the only outcome that counts as healed automatically. */
export type FaultOutcome =
  | 'healed'
  /** No alert fired on the service before the deadline. */
  | 'no_alert'
  /** `healing.remediation_not_healed` or `_escalated` came first. */
  | 'not_healed'
  | 'escalated'
  /** Neither healed nor given up by the deadline. */
  | 'deadline'
  /** `remediation_healed` was recorded, but the fault was still on at the service. */
  | 'fault_still_on';

/** What one fault's run saw; times are event times (ms since the epoch) unless said otherwise. */
export interface FaultRun {
  service: string;
  kind: DemoFaultName;
  /** Just before the `POST /chaos` that switched the fault on (this process's clock). */
  injectedAtMs: number;
  outcome: FaultOutcome;
  /** The first alert on the service that fired after the injection. */
  alert?: { alertId: string; ruleName: string; firedAtMs: number };
  /** `healing.action_succeeded` of the remediation that healed: the fault switched off. */
  faultOffAtMs?: number;
  healedAtMs?: number;
  /** The first diagnosis of that alert's top cause, as `kind subject`. */
  topCause?: string;
  /** Why it did not heal, when Vigia said so. */
  reason?: string;
  /** Rules of every alert that fired on the service from the injection to the end. */
  alertsFired: string[];
  /** Checks of the service answered `down` without being run (its host's circuit open) meanwhile. */
  circuitOpenChecks: number;
}

/** Switches `kind` on at `service`, follows the remediation, and returns what happened. */
export async function runFault(
  tap: EventTap,
  service: { name: string; url: string },
  kind: DemoFaultName,
  deadlineMs: number,
): Promise<FaultRun> {
  const from = tap.events.length;
  const injectedAtMs = Date.now();
  await switchFaults(service.url, DEMO_FAULTS[kind]);
  const remaining = () => Math.max(0, injectedAtMs + deadlineMs - Date.now());
  const run: FaultRun = {
    service: service.name,
    kind,
    injectedAtMs,
    outcome: 'deadline',
    alertsFired: [],
    circuitOpenChecks: 0,
  };

  const firedOnService = (event: TappedEvent) =>
    event.type === ALERT_FIRED &&
    event.atMs >= injectedAtMs &&
    (event.data.labels as Record<string, string> | undefined)?.service === service.name;
  const fired = await tap.next(firedOnService, remaining(), from);
  if (!fired) {
    run.outcome = 'no_alert';
    await resetFaults(service.url);
    return run;
  }
  run.alert = {
    alertId: String(fired.data.alertId),
    ruleName: String(fired.data.ruleName),
    firedAtMs: fired.atMs,
  };

  // The remediation of any alert on the service since the injection may end it (one per target runs).
  const ourAlert = (alertId: unknown) =>
    tap.events.slice(from).some((e) => firedOnService(e) && e.data.alertId === alertId);
  const ended = await tap.next((e) => ENDINGS.has(e.type) && ourAlert(e.data.alertId), remaining(), from);
  const diagnosis = tap.events
    .slice(from)
    .find((e) => e.type === DIAGNOSED && e.data.alertId === run.alert?.alertId);
  const top = (diagnosis?.data.causes as Array<{ kind: string; subject: string }> | undefined)?.[0];
  if (top) run.topCause = `${top.kind} ${top.subject}`;

  if (ended?.type === HEALED) {
    run.healedAtMs = ended.atMs;
    run.faultOffAtMs = tap.events
      .slice(from)
      .find((e) => e.type === ACTION_SUCCEEDED && e.streamId === ended.streamId)?.atMs;
    const still = activeDemoFault(await readFaults(service.url));
    run.outcome = still === undefined ? 'healed' : 'fault_still_on';
  } else if (ended) {
    run.outcome = ended.type === ESCALATED ? 'escalated' : 'not_healed';
    if (typeof ended.data.reason === 'string') run.reason = ended.data.reason;
  }
  const seen = tap.events.slice(from, ended ? tap.events.indexOf(ended) + 1 : undefined);
  run.alertsFired = seen.filter(firedOnService).map((e) => String(e.data.ruleName));
  run.circuitOpenChecks = seen.filter(
    (e) =>
      e.type === CHECK_COMPLETED &&
      e.data.service === service.name &&
      String(e.data.message).includes('circuit open'),
  ).length;
  if (run.outcome !== 'healed') await resetFaults(service.url);
  return run;
}

/**
 * Waits until all of `monitors` are up and no alert is firing. When that does not come within
 * `timeoutMs`, switches every service's faults off by hand and waits once more; throws if even
 * that does not settle the fleet.
 */
export async function settle(
  tap: EventTap,
  services: ReadonlyArray<{ name: string; url: string }>,
  monitors: ReadonlyArray<string>,
  timeoutMs: number,
  log: (message: string) => void,
): Promise<void> {
  const names = monitors;
  const calm = () => tap.firingAlerts().length === 0 && tap.allUp(names);
  if (await tap.when(calm, timeoutMs)) return;
  log(`  the fleet did not settle (${describeUnsettled(tap, names)}): switching every fault off by hand`);
  await Promise.all(services.map((s) => resetFaults(s.url)));
  if (await tap.when(calm, timeoutMs)) return;
  throw new Error(`the demo fleet did not settle after a reset: ${describeUnsettled(tap, names)}`);
}

function describeUnsettled(tap: EventTap, names: ReadonlyArray<string>): string {
  const firing = tap.firingAlerts().map((labels) => `${labels.alertname ?? '?'} on ${labels.service ?? '?'}`);
  const down = tap.notUp(names);
  return [
    firing.length > 0 ? `firing: ${firing.join(', ')}` : '',
    down.length > 0 ? `not up: ${down.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
