import type { Logger } from '../kernel/index.js';
import type { Policy, PolicyEvent } from '../resilience/index.js';
import type { EventStore } from './event-store.js';

/** Event type of a recorded circuit-breaker state change (schema version 1). */
export const CIRCUIT_STATE_CHANGED = 'resilience.circuit_state_changed';

export interface CircuitStateChangedData {
  policy: string;
  from: string;
  to: string;
  reason: string;
}

/**
 * Records a policy's circuit-breaker state changes as events (stream `resilience-<policy>`),
 * so the audit trail and the dashboard show when a dependency was cut off and restored.
 * The module that owns the calls wires this; `resilience/` itself knows nothing of events.
 * Returns the unsubscribe function.
 */
export function recordPolicyEvents(store: EventStore, policy: Policy, logger?: Logger): () => void {
  return policy.on((event: PolicyEvent) => {
    if (event.type !== 'breaker.state_changed') return;
    const data: CircuitStateChangedData = {
      policy: event.policy,
      from: event.from,
      to: event.to,
      reason: event.reason,
    };
    store
      .appendToStream(`resilience-${event.policy}`, [
        { type: CIRCUIT_STATE_CHANGED, data, metadata: { actor: 'system:resilience', schemaVersion: 1 } },
      ])
      .catch((error: unknown) =>
        logger?.error({ err: error, policy: event.policy }, 'could not record a circuit state change'),
      );
  });
}
