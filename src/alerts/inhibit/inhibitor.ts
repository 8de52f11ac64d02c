import type { InhibitionCause } from '../alert-events.js';
import { type CompiledMatcher, matchesAll } from '../definition/matchers.js';
import { compileMatcherTexts } from '../silence/matcher-list.js';
import type { DependencyView } from './dependency-view.js';
import type { InhibitRuleDocument } from './inhibit-rule-document.js';

export interface InhibitableAlert {
  alertId: string;
  labels: Readonly<Record<string, string>>;
}

interface CompiledRule {
  id: string;
  source: CompiledMatcher[];
  target: CompiledMatcher[];
  equal: string[];
}

const SEVERITY_RANK: Record<string, number> = { critical: 4, error: 3, warning: 2, info: 1 };

/**
 * Decides which alerts are inhibited: by dependency (a service it depends on is down; the cause
 * names the nearest such dependency and its firing alert) and by label rules (a firing source
 * alert with equal `equal` labels). An alert never inhibits itself.
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

  setRules(rules: ReadonlyArray<{ id: string } & InhibitRuleDocument>): void {
    this.rules = rules.map((r) => ({
      id: r.id,
      source: compileMatcherTexts(r.sourceMatchers),
      target: compileMatcherTexts(r.targetMatchers),
      equal: r.equal,
    }));
  }

  /** Indexes the firing alerts once; `causesFor` then answers per alert. */
  prepare(firing: ReadonlyArray<InhibitableAlert>): {
    causesFor(alert: InhibitableAlert): InhibitionCause[];
  } {
    const byService = new Map<string, InhibitableAlert>();
    for (const alert of firing) {
      const service = alert.labels.service;
      if (!service) continue;
      const held = byService.get(service);
      if (!held || rank(alert) > rank(held)) byService.set(service, alert);
    }
    const sources = this.rules.map((rule) => ({
      rule,
      alerts: firing.filter((a) => matchesAll(rule.source, a.labels)),
    }));
    const downCache = new Map<string, Array<{ dependency: string }>>();
    return {
      causesFor: (alert) => {
        const causes: InhibitionCause[] = [];
        const service = alert.labels.service;
        if (this.byDependency && service) {
          const down = downCache.get(service) ?? this.dependencies.downDependenciesOf(service);
          downCache.set(service, down);
          const nearest = down[0];
          if (nearest) {
            const cause = byService.get(nearest.dependency);
            causes.push({
              kind: 'dependency',
              service,
              dependency: nearest.dependency,
              ...(cause && cause.alertId !== alert.alertId ? { causeAlertId: cause.alertId } : {}),
            });
          }
        }
        for (const { rule, alerts } of sources) {
          if (!matchesAll(rule.target, alert.labels)) continue;
          const source = alerts.find(
            (s) =>
              s.alertId !== alert.alertId &&
              rule.equal.every((l) => (s.labels[l] ?? '') === (alert.labels[l] ?? '')),
          );
          if (source) causes.push({ kind: 'rule', inhibitRuleId: rule.id, causeAlertId: source.alertId });
        }
        return causes;
      },
    };
  }
}

function rank(alert: InhibitableAlert): number {
  return SEVERITY_RANK[alert.labels.severity ?? ''] ?? 0;
}
