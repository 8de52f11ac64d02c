import type { AlertDiagnosedData, ProbableCause } from '../healing-events.js';
import type { AlertToDiagnose } from './context-keeper.js';
import type { DiagnosisContext, DiagnosisRule } from './diagnosis-context.js';
import { DiagnosisContextMismatchError } from './diagnosis-errors.js';
import { CheckSeries } from './observed-events.js';
import { dependencyDown } from './rules/dependency-down.js';
import { failingTogether } from './rules/failing-together.js';
import { recentChange } from './rules/recent-change.js';
import { resourceSaturation } from './rules/resource-saturation.js';
import { serviceItself } from './rules/service-itself.js';

const CHECK_SERIES: ReadonlySet<string> = new Set(Object.values(CheckSeries));

/** The ranking rules in the order they break ties: the fallback last. */
export const DIAGNOSIS_RULES: ReadonlyArray<DiagnosisRule> = [
  dependencyDown,
  failingTogether,
  recentChange,
  resourceSaturation,
  serviceItself,
];

/**
 * The probable causes of a firing alert, most likely first (equal confidence keeps the rules'
 * order), each with its evidence; the payload of `healing.alert_diagnosed`.
 */
export function diagnose(
  alert: AlertToDiagnose,
  context: DiagnosisContext,
  rules: ReadonlyArray<DiagnosisRule> = DIAGNOSIS_RULES,
): AlertDiagnosedData {
  if (alert.alertId !== context.alert.alertId) {
    throw new DiagnosisContextMismatchError(alert.alertId, context.alert.alertId);
  }
  const causes: ProbableCause[] = [];
  for (const rule of rules) {
    const cause = rule(context);
    if (cause) causes.push(cause);
  }
  causes.sort((a, b) => b.confidence - a.confidence);
  return {
    alertId: alert.alertId,
    ruleName: alert.ruleName ?? context.alert.ruleName,
    service: context.alert.service,
    causes,
    considered: consideredIn(context),
    at: new Date(context.nowMs).toISOString(),
  };
}

/** What the rules had to look at: the counts a person reads to judge a diagnosis. */
function consideredIn(context: DiagnosisContext): Record<string, number> {
  return {
    services: context.services.size,
    checks: context.checks.length,
    samples: context.metrics
      .filter((s) => !CHECK_SERIES.has(s.metric))
      .reduce((n, s) => n + s.minutes.reduce((m, minute) => m + minute.count, 0), 0),
    alerts: context.activeAlerts.length,
    changes: context.changes.length,
    openBreakers: context.openBreakers.length,
  };
}
