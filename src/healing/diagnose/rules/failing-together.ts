import type { EvidenceRef, ProbableCause } from '../../healing-events.js';
import type { DiagnosisContext } from '../diagnosis-context.js';
import { distinctRefs, listNames } from '../evidence.js';
import { dependenciesOf } from '../service-graph.js';
import { Confidence, confidence, Thresholds } from './thresholds.js';

/**
 * Several services failing together (down or degraded, or with a firing alert, since shortly before
 * the alert fired) point to something they share: the dependency most of them depend on
 * (`shared_dependency`) or, when they share none, the network between them.
 */
export function failingTogether(context: DiagnosisContext): ProbableCause | undefined {
  const failing = failingServices(context);
  if (failing.size < Thresholds.minFailingTogether) return undefined;
  return sharedDependency(context, failing) ?? network(context, failing);
}

/** The failing services, the alert's own first, each with the events that say it fails. */
function failingServices(context: DiagnosisContext): Map<string, EvidenceRef[]> {
  const fromMs = context.alert.firedAtMs - Thresholds.togetherWindowMs;
  const within = (ms: number | null) => ms !== null && ms >= fromMs && ms <= context.nowMs;
  const failing = new Map<string, EvidenceRef[]>();
  const add = (service: string, ref: EvidenceRef | null) => {
    const refs = failing.get(service) ?? [];
    if (ref) refs.push(ref);
    failing.set(service, refs);
  };
  if (context.alert.service !== null) add(context.alert.service, context.alert.ref);
  for (const facts of context.services.values()) {
    if ((facts.status !== 'down' && facts.status !== 'degraded') || !within(facts.sinceMs)) continue;
    for (const m of facts.monitors) if (m.status === facts.status) add(facts.service, m.ref);
  }
  for (const alert of context.activeAlerts) {
    if (alert.service !== null && within(alert.firedAtMs)) add(alert.service, alert.ref);
  }
  return failing;
}

interface Candidate {
  service: string;
  covered: string[];
  share: number;
  failing: boolean;
  distance: number;
}

function sharedDependency(
  context: DiagnosisContext,
  failing: Map<string, EvidenceRef[]>,
): ProbableCause | undefined {
  const own = context.alert.service;
  const depths = new Map<string, Map<string, number>>();
  for (const service of failing.keys()) {
    depths.set(service, new Map(dependenciesOf(context.services, service).map((d) => [d.service, d.depth])));
  }
  const names = [...new Set([...depths.values()].flatMap((d) => [...d.keys()]))];
  const candidates: Candidate[] = [];
  for (const service of names) {
    const others = [...failing.keys()].filter((s) => s !== service);
    const covered = others.filter((s) => depths.get(s)!.has(service));
    const share = covered.length / others.length;
    if (covered.length < 2 || share < Thresholds.sharedCoverage) continue;
    if (own !== null && (own === service || !covered.includes(own))) continue;
    const status = context.services.get(service)?.status;
    const distance = own === null ? 0 : depths.get(own)!.get(service)!;
    candidates.push({
      service,
      covered,
      share,
      failing: status === 'down' || status === 'degraded',
      distance,
    });
  }
  candidates.sort(
    (a, b) =>
      b.share - a.share ||
      Number(b.failing) - Number(a.failing) ||
      a.distance - b.distance ||
      (a.service < b.service ? -1 : 1),
  );
  const best = candidates[0];
  if (!best) return undefined;
  const facts = context.services.get(best.service);
  const state = best.failing ? `, which is ${facts!.status} itself` : '';
  return {
    kind: 'shared_dependency',
    subject: best.service,
    confidence: confidence(
      Confidence.sharedBase +
        Confidence.sharedPerCoverage * best.share +
        (best.failing ? Confidence.sharedFailingBonus : 0),
    ),
    explanation:
      `${failing.size} services are failing together (${listNames([...failing.keys()])}); ` +
      `${listNames(best.covered)} depend on ${best.service}${state}`,
    evidence: distinctRefs(
      [
        ...(facts?.monitors ?? [])
          .filter((m) => m.status === 'down' || m.status === 'degraded')
          .map((m) => m.ref),
        ...best.covered.flatMap((s) => failing.get(s)!),
      ],
      Thresholds.evidencePerCause,
    ),
  };
}

function network(context: DiagnosisContext, failing: Map<string, EvidenceRef[]>): ProbableCause {
  const breakers = context.openBreakers;
  const open =
    breakers.length > 0
      ? `; ${breakers.length} circuit breaker(s) are open (${listNames(breakers.map((b) => b.policy))})`
      : '';
  return {
    kind: 'network',
    subject: 'network',
    confidence: confidence(breakers.length > 0 ? Confidence.networkWithOpenBreakers : Confidence.network),
    explanation:
      `${failing.size} services are failing together (${listNames([...failing.keys()])}) and share no ` +
      `dependency: the network between them, or something no monitor watches, is the likely cause${open}`,
    evidence: distinctRefs(
      [...breakers.map((b) => b.ref), ...[...failing.values()].flat()],
      Thresholds.evidencePerCause,
    ),
  };
}
