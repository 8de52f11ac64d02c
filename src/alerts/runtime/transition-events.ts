import type { StreamAppend } from '../../events/index.js';
import {
  AlertEvents,
  type AlertFiredData,
  type AlertFlappingData,
  type AlertFlapSettledData,
  type AlertIdentity,
  type AlertPendingData,
  type AlertResolvedData,
  alertStream,
} from '../alert-events.js';
import type { AlertTransition } from '../evaluate/evaluator-types.js';
import { deterministicId } from '../fingerprint.js';

/** Who the evaluator's events are from. */
export const EVALUATOR_ACTOR = 'system:alerts';

/** The id of one occurrence of an alert: the rule, the label set and when it became active. */
export function alertIdOf(ruleId: string, fingerprint: string, activeSince: number): string {
  return deterministicId('alert', ruleId, fingerprint, activeSince);
}

/**
 * The event a transition is recorded as, in the stream of its alert occurrence. Its id comes from
 * what happened (occurrence and type, plus the time for flapping), so replaying the same samples
 * after a crash appends nothing twice.
 */
export function transitionEvent(transition: AlertTransition): StreamAppend {
  const { rule, fingerprint, labels, value, activeSince, at } = transition;
  const alertId = alertIdOf(rule.id, fingerprint, activeSince);
  const identity: AlertIdentity = {
    alertId,
    ruleId: rule.id,
    ruleName: rule.name,
    fingerprint,
    labels,
    severity: rule.severity,
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  let type: string;
  let data: unknown;
  let idParts: Array<string | number> = [alertId, transition.type];
  switch (transition.type) {
    case 'pending':
      type = AlertEvents.pending;
      data = {
        ...identity,
        activeSince: iso(activeSince),
        value,
        annotations: transition.annotations,
      } satisfies AlertPendingData;
      break;
    case 'fired':
      type = AlertEvents.fired;
      data = {
        ...identity,
        activeSince: iso(activeSince),
        firedAt: iso(at),
        value,
        annotations: transition.annotations,
      } satisfies AlertFiredData;
      break;
    case 'resolved':
      type = AlertEvents.resolved;
      data = {
        ...identity,
        activeSince: iso(activeSince),
        resolvedAt: iso(at),
        wasFiring: transition.wasFiring ?? false,
        reason: transition.reason ?? 'condition_cleared',
        value,
      } satisfies AlertResolvedData;
      break;
    case 'flapping':
      type = AlertEvents.flapping;
      idParts = [alertId, transition.type, at];
      data = {
        ...identity,
        changes: transition.changes ?? 0,
        windowMs: rule.flap.windowMs,
        at: iso(at),
      } satisfies AlertFlappingData;
      break;
    case 'flap_settled':
      type = AlertEvents.flapSettled;
      idParts = [alertId, transition.type, at];
      data = { alertId, ruleId: rule.id, fingerprint, at: iso(at) } satisfies AlertFlapSettledData;
      break;
  }
  return {
    streamId: alertStream(alertId),
    events: [
      {
        id: deterministicId(...idParts),
        type,
        data,
        metadata: { actor: EVALUATOR_ACTOR, correlationId: alertId },
      },
    ],
  };
}
