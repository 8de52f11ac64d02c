import type { Logger } from '../../kernel/index.js';
import type { AlertDiagnosedData } from '../healing-events.js';
import { HealingEvents } from '../healing-events.js';
import type { RemediationEndedData, RemediationPlannedData } from './remediation-state.js';

/**
 * One log line per decision healing records (the events say it all; the log tells a person
 * watching): diagnosed, planned, healed, escalated, completed. Actions log their own outcome.
 */
export function logDecision(logger: Logger, event: { type: string; data: unknown }): void {
  switch (event.type) {
    case HealingEvents.diagnosed: {
      const d = event.data as AlertDiagnosedData;
      const top = d.causes[0];
      logger.info(
        { alertId: d.alertId, rule: d.ruleName, service: d.service, cause: top?.kind, subject: top?.subject },
        `healing: ${d.ruleName} on ${d.service ?? '?'} diagnosed: ${top ? `${top.kind} (${top.subject})` : 'no cause found'}`,
      );
      return;
    }
    case HealingEvents.remediationPlanned: {
      const d = event.data as RemediationPlannedData;
      logger.info(
        { alertId: d.alertId, runbook: d.runbookName, target: d.target, steps: d.steps, dryRun: d.dryRun },
        `healing: runbook ${d.runbookName} for ${d.ruleName} on ${d.target}${d.dryRun ? ' (dry run)' : ''}: ${d.steps.join(', ') || 'no step applies'}`,
      );
      return;
    }
    case HealingEvents.healed: {
      const d = event.data as RemediationEndedData & { healedInMs?: number };
      logger.info(
        { alertId: d.alertId, target: d.target, healedInMs: d.healedInMs },
        `healing: ${d.target ?? '?'} healed${d.healedInMs === undefined ? '' : ` in ${(d.healedInMs / 1000).toFixed(1)} s`}`,
      );
      return;
    }
    case HealingEvents.escalated: {
      const d = event.data as RemediationEndedData;
      logger.warn(
        { alertId: d.alertId, target: d.target },
        `healing: ${d.target ?? '?'} handed to people: ${d.reason}`,
      );
      return;
    }
    case HealingEvents.completed: {
      const d = event.data as RemediationEndedData;
      logger.info(
        { alertId: d.alertId, target: d.target },
        `healing: runbook for ${d.target ?? '?'} completed`,
      );
      return;
    }
  }
}
