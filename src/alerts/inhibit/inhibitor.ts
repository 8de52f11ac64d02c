import { type CompiledMatcher, matchesAll } from '../../kernel/index.js';
import type { InhibitionCause } from '../alert-events.js';
import { compileMatcherTexts } from '../silence/matcher-list.js';
import type { DependencyView } from './dependency-view.js';
import type { InhibitRuleDocument } from './inhibit-rule-document.js';

/** What inhibition needs of an alert: its id and labels (`service` and `severity` among them). */
export interface InhibitableAlert {
  alertId: string;
  labels: Readonly<Record<string, string>>;
}

/** Inhibition decided against one set of firing alerts. */
export interface PreparedInhibition {
  /** Why `alert` is inhibited now: dependency cause first, then rules by id; empty when it is not. */
  causesFor(alert: InhibitableAlert): InhibitionCause[];
}

interface CompiledRule {
  id: string;
  source: CompiledMatcher[];
  target: CompiledMatcher[];
  equal: string[];
}

/** The best two source alerts per `equal` key: two, so that an alert never has only itself as cause. */
type SourcesByKey = Map<string, InhibitableAlert[]>;

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 4, error: 3, warning: 2, info: 1 };

/**
 * Decides which alerts are inhibited: by dependency (a service the alert's `service` depends on
 * is down; the cause names the nearest such dependency and, when one fires, its most severe
 * alert) and by label rules (a firing source alert whose `equal` labels have the same values).
 * An alert never inhibits itself.
 */
export class Inhibitor {
  private rules: CompiledRule[] = [];
  private readonly byDependency: boolean;

  constructor(
    private readonly dependencies: DependencyView,
    options: { byDependency?: boolean } = {},
  ) {
    this.byDependency = options.byDependency ?? true;
  }

  /** Replaces the label rules; a rule whose matchers no longer compile is left out. */
  setRules(rules: ReadonlyArray<{ id: string } & InhibitRuleDocument>): void {
    const compiled: CompiledRule[] = [];
    for (const r of rules) {
      const source = compileMatcherTexts(r.sourceMatchers);
      const target = compileMatcherTexts(r.targetMatchers);
      if (source && target) compiled.push({ id: r.id, source, target, equal: [...(r.equal ?? [])] });
    }
    this.rules = compiled.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Indexes the currently firing (not resolved) alerts once; then ask per alert. */
  prepare(firing: ReadonlyArray<InhibitableAlert>): PreparedInhibition {
    const byService = new Map<string, InhibitableAlert>();
    for (const alert of firing) {
      const service = alert.labels.service;
      if (!service) continue;
      const held = byService.get(service);
      if (!held || outranks(alert, held)) byService.set(service, alert);
    }
    const sources = this.rules.map((rule) => ({ rule, byKey: sourcesOf(rule, firing) }));
    const dependencyCauses = new Map<string, { dependency: string; causeAlertId?: string } | null>();
    const dependencyCauseOf = (service: string) => {
      let cause = dependencyCauses.get(service);
      if (cause === undefined) {
        const nearest = this.dependencies.downDependenciesOf(service)[0]?.dependency;
        const causeAlertId = nearest === undefined ? undefined : byService.get(nearest)?.alertId;
        cause =
          nearest === undefined ? null : { dependency: nearest, ...(causeAlertId ? { causeAlertId } : {}) };
        dependencyCauses.set(service, cause);
      }
      return cause;
    };

    return {
      causesFor: (alert) => {
        const causes: InhibitionCause[] = [];
        const service = alert.labels.service;
        if (this.byDependency && service) {
          const cause = dependencyCauseOf(service);
          if (cause) causes.push({ kind: 'dependency', service, ...cause });
        }
        for (const { rule, byKey } of sources) {
          if (byKey.size === 0 || !matchesAll(rule.target, alert.labels)) continue;
          const candidates = byKey.get(equalKey(rule.equal, alert.labels));
          const source = candidates?.find((s) => s.alertId !== alert.alertId);
          if (source) causes.push({ kind: 'rule', inhibitRuleId: rule.id, causeAlertId: source.alertId });
        }
        return causes;
      },
    };
  }
}

/** The firing alerts matching a rule's source, filed by their `equal` label values, best two each. */
function sourcesOf(rule: CompiledRule, firing: ReadonlyArray<InhibitableAlert>): SourcesByKey {
  const byKey: SourcesByKey = new Map();
  for (const alert of firing) {
    if (!matchesAll(rule.source, alert.labels)) continue;
    const key = equalKey(rule.equal, alert.labels);
    const best = byKey.get(key);
    if (!best) byKey.set(key, [alert]);
    else if (best.length < 2) {
      best.push(alert);
      best.sort((a, b) => (outranks(a, b) ? -1 : 1));
    } else if (outranks(alert, best[1]!)) {
      best[1] = alert;
      best.sort((a, b) => (outranks(a, b) ? -1 : 1));
    }
  }
  return byKey;
}

/** The values of the `equal` labels, one string (an absent label counts as ""). */
function equalKey(equal: ReadonlyArray<string>, labels: Readonly<Record<string, string>>): string {
  if (equal.length === 0) return '';
  if (equal.length === 1) return labels[equal[0]!] ?? '';
  return JSON.stringify(equal.map((name) => labels[name] ?? ''));
}

/** Whether `a` is the better cause: more severe, then the smaller id (so the choice is stable). */
function outranks(a: InhibitableAlert, b: InhibitableAlert): boolean {
  const rankA = SEVERITY_RANK[a.labels.severity ?? ''] ?? 0;
  const rankB = SEVERITY_RANK[b.labels.severity ?? ''] ?? 0;
  return rankA !== rankB ? rankA > rankB : a.alertId < b.alertId;
}
