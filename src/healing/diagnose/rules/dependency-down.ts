import type { ProbableCause } from '../../healing-events.js';
import type { DiagnosisContext, ServiceFacts } from '../diagnosis-context.js';
import { clockTime, distinctRefs, listNames } from '../evidence.js';
import { dependenciesOf } from '../service-graph.js';
import { Confidence, confidence, Thresholds } from './thresholds.js';

/**
 * A service the alert's service depends on (directly or through others, from the monitors'
 * `dependsOn`) is down: the nearest such dependency is blamed. Without a known status, the alerts
 * module's own inhibition of the alert for a down dependency is used instead.
 */
export function dependencyDown(context: DiagnosisContext): ProbableCause | undefined {
  const service = context.alert.service;
  if (service === null) return undefined;
  const down = dependenciesOf(context.services, service).filter(
    (d) => context.services.get(d.service)?.status === 'down',
  );
  const nearest = down[0];
  if (!nearest) return fromInhibition(context);
  const facts = context.services.get(nearest.service)!;
  const others = down.slice(1);
  const also =
    others.length > 0
      ? ` Also down: ${listNames(others.map((d) => `${d.service} (${d.path.join(' → ')})`))}.`
      : '';
  return {
    kind: 'dependency_down',
    subject: nearest.service,
    confidence: confidence(Confidence.dependencyDown[Math.min(nearest.depth, 3) - 1]!),
    explanation:
      `${service} depends on ${nearest.service} (${nearest.path.join(' → ')}), which is down: ` +
      `${describeDown(facts)}.${also}`,
    evidence: distinctRefs(
      [
        ...downRefs(facts),
        ...context.inhibitions.filter((i) => i.dependency === nearest.service).map((i) => i.ref),
        ...others.flatMap((d) => downRefs(context.services.get(d.service)!)),
      ],
      Thresholds.evidencePerCause,
    ),
  };
}

function fromInhibition(context: DiagnosisContext): ProbableCause | undefined {
  const first = context.inhibitions[0];
  if (!first) return undefined;
  const same = context.inhibitions.filter((i) => i.dependency === first.dependency);
  return {
    kind: 'dependency_down',
    subject: first.dependency,
    confidence: confidence(Confidence.dependencyInhibited),
    explanation:
      `the alert was inhibited because ${first.service} depends on ${first.dependency}, which the alerts ` +
      'module saw down (no monitor status for it is known here)',
    evidence: distinctRefs(
      same.map((i) => i.ref),
      Thresholds.evidencePerCause,
    ),
  };
}

function downRefs(facts: ServiceFacts) {
  return facts.monitors.filter((m) => m.status === 'down').map((m) => m.ref);
}

/** `monitor db-health down since 12:01 UTC, monitor db-tcp down since 12:02 UTC`. */
function describeDown(facts: ServiceFacts): string {
  return listNames(
    facts.monitors
      .filter((m) => m.status === 'down')
      .map((m) => `monitor ${m.name} down${m.sinceMs === null ? '' : ` since ${clockTime(m.sinceMs)}`}`),
    3,
  );
}
