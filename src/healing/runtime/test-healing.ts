import type { EventStore, RecordedEvent } from '../../events/index.js';
import { newId } from '../../kernel/index.js';
import { remediationStream } from '../healing-events.js';
import type { HealingService } from './healing-service.js';

/** Test support: what the alerts module and the runbook resource would append, and reading a chain. */

export async function appendRunbook(store: EventStore, doc: Record<string, unknown>): Promise<void> {
  const id = newId();
  await store.appendToStream(`runbooks-${id}`, [{ type: 'healing.runbook_created', data: { id, doc } }]);
}

/** `alerts.alert_fired` of rule `service-down` (critical) for `service`; returns the alert id. */
export async function appendAlertFired(store: EventStore, service: string): Promise<string> {
  const alertId = newId();
  const now = new Date().toISOString();
  await store.appendToStream(`alert-${alertId}`, [
    {
      type: 'alerts.alert_fired',
      data: {
        alertId,
        ruleId: newId(),
        ruleName: 'service-down',
        fingerprint: 'f',
        labels: { service, severity: 'critical', alertname: 'service-down' },
        severity: 'critical',
        activeSince: now,
        firedAt: now,
        value: 0,
        annotations: {},
      },
    },
  ]);
  return alertId;
}

export async function appendAlertResolved(store: EventStore, alertId: string): Promise<void> {
  await store.appendToStream(`alert-${alertId}`, [
    {
      type: 'alerts.alert_resolved',
      data: { alertId, resolvedAt: new Date().toISOString(), wasFiring: true },
    },
  ]);
}

/** The remediation chain of an alert (or triggering event) once healing has caught up and its actions ended. */
export async function remediationChain(
  healing: HealingService,
  store: EventStore,
  subjectId: string,
): Promise<RecordedEvent[]> {
  await healing.waitUntilCaughtUp();
  await healing.actionsIdle();
  await healing.waitUntilCaughtUp();
  return store.readStream(remediationStream(subjectId));
}

/** The chain once it holds an event of `type` (checked every 25 ms, `tries` times). */
export async function chainWith(
  healing: HealingService,
  store: EventStore,
  subjectId: string,
  type: string,
  tries = 200,
): Promise<RecordedEvent[]> {
  for (let i = 0; i < tries; i++) {
    const events = await remediationChain(healing, store, subjectId);
    if (events.some((e) => e.type === type)) return events;
    await new Promise((r) => setTimeout(r, 25));
  }
  const seen = (await remediationChain(healing, store, subjectId)).map((e) => e.type);
  throw new Error(`no ${type} for ${subjectId}: ${seen.join(', ')}`);
}
