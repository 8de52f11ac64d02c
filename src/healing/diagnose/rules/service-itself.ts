import type { ProbableCause } from '../../healing-events.js';
import type { DiagnosisContext } from '../diagnosis-context.js';
import { distinctRefs } from '../evidence.js';
import { Confidence, confidence, Thresholds } from './thresholds.js';

/**
 * The fallback, always given and always ranked last: the fault may be in the alert's service
 * itself. Its own failing checks are the evidence (the alert itself when there are none).
 */
export function serviceItself(context: DiagnosisContext): ProbableCause {
  const { alert, checks } = context;
  const subject = alert.service ?? (alert.ruleName || alert.alertId);
  const failing = checks.filter((c) => c.status !== 'up').reverse();
  const explanation =
    failing.length > 0
      ? `${failing.length} of the last ${checks.length} check(s) of ${subject} failed ` +
        `(latest: ${failing[0]!.ref.summary}): the fault may be in ${subject} itself`
      : `no evidence points elsewhere; the fault may be in ${subject} itself`;
  return {
    kind: 'the_service_itself',
    subject,
    confidence: confidence(
      failing.length > 0 ? Confidence.serviceWithFailingChecks : Confidence.serviceWithoutEvidence,
    ),
    explanation,
    evidence: distinctRefs(
      failing.length > 0 ? failing.map((c) => c.ref) : [alert.ref],
      Thresholds.evidencePerCause,
    ),
  };
}
