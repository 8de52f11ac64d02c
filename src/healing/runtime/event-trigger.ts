import type { RecordedEvent } from '../../events/index.js';
import type { FiringAlert } from './remediation-state.js';

/** An event older than this when healing gets to decide is history, not a trigger (a replay of old events). */
export const EVENT_TRIGGER_MAX_AGE_MS = 15 * 60_000;

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_LABEL_VALUE = 500;

/**
 * The subject of a remediation started by an event: its id is the event's id, its labels the
 * event's top-level text, number and true/false fields plus `event_type` (templates read them as
 * `{{ $labels.service }}`), and its chain continues the event's correlation id.
 */
export function eventSubject(event: RecordedEvent): FiringAlert {
  const labels: Record<string, string> = {};
  const data = event.data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    for (const [name, value] of Object.entries(data)) {
      if (!LABEL_NAME.test(name)) continue;
      if (typeof value === 'string' && value.length <= MAX_LABEL_VALUE) labels[name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') labels[name] = String(value);
    }
  }
  labels.event_type = event.type;
  return {
    alertId: event.id,
    trigger: 'event',
    correlationId: event.metadata.correlationId ?? event.id,
    ruleName: event.type,
    labels,
    annotations: {},
    firedAt: event.time.getTime(),
    inhibited: false,
    resolved: false,
  };
}
