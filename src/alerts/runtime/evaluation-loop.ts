import type { FollowerHandler, RecordedEvent, StreamAppend } from '../../events/index.js';
import type { Logger } from '../../kernel/index.js';
import {
  AlertResourceKinds,
  documentBody,
  type ResourceEventData,
  resourceChangeOf,
} from '../alert-resources.js';
import { type AlertRule, compileAlertRule } from '../definition/rule-compile.js';
import { parseAlertRule } from '../definition/rule-schema.js';
import { AlertEvaluator } from '../evaluate/alert-evaluator.js';
import type { EvaluatorState } from '../evaluate/evaluator-types.js';
import { MonitorContract } from '../monitor-contract.js';
import { checkSamples, type MonitorFacts, monitorFactsOf, recordedMetricSamples } from './check-samples.js';
import { transitionEvent } from './transition-events.js';

/** What the evaluation loop reads from the log. */
export const EVALUATION_FILTER = {
  typePrefixes: [
    MonitorContract.checkCompleted,
    MonitorContract.samplesRecorded,
    MonitorContract.definitionPrefix,
    `${AlertResourceKinds.rules.eventPrefix}_`,
  ],
};

interface EvaluationState {
  evaluator: EvaluatorState;
  rules: Record<string, unknown>;
  monitors: Record<string, MonitorFacts>;
  takenAt: number;
}

/** Turns rules (from their resource events) and samples (from monitor's events) into alert lifecycle events. */
export class EvaluationLoop implements FollowerHandler {
  private evaluator = new AlertEvaluator();
  private ruleDocs = new Map<string, unknown>();
  private compiled = new Map<string, AlertRule | undefined>();
  /** Rule changes folded in but not yet given to the evaluator (consecutive changes apply together). */
  private rulesChangedAt: number | undefined;
  private lastNow = 0;
  private readonly monitors = new Map<string, MonitorFacts>();

  constructor(private readonly logger: Logger) {}

  /** The evaluator, for the read side (bands, active alerts, stats). */
  get current(): AlertEvaluator {
    return this.evaluator;
  }

  /** The compiled rules now evaluated. */
  rules(): AlertRule[] {
    return this.compiledRules();
  }

  restore(state: unknown): void {
    this.evaluator = new AlertEvaluator();
    this.ruleDocs = new Map();
    this.compiled = new Map();
    this.rulesChangedAt = undefined;
    this.monitors.clear();
    const saved = state as EvaluationState | undefined;
    if (!saved) return;
    for (const [id, doc] of Object.entries(saved.rules)) this.ruleDocs.set(id, doc);
    for (const [id, facts] of Object.entries(saved.monitors)) this.monitors.set(id, facts);
    this.evaluator.importState(saved.evaluator);
    // The evaluator's state names its rules; give it the same compiled rules (no transition results).
    this.rulesChangedAt = saved.takenAt;
  }

  apply(events: ReadonlyArray<RecordedEvent>, nowMs: number): StreamAppend[] {
    this.lastNow = nowMs;
    const appends: StreamAppend[] = [];
    for (const event of events) {
      const change = resourceChangeOf(event.type);
      if (change?.resource === 'rules') {
        if (this.rulesChangedAt === undefined) {
          // Samples before the change were judged by the old rules: evaluate them first.
          appends.push(...this.evaluator.evaluate(event.time.getTime()).map(transitionEvent));
        }
        const { id, doc } = event.data as ResourceEventData;
        this.compiled.delete(id);
        if (change.deleted) this.ruleDocs.delete(id);
        else this.ruleDocs.set(id, doc);
        this.rulesChangedAt = event.time.getTime();
        continue;
      }
      appends.push(...this.applyRuleChanges());
      if (event.type === MonitorContract.checkCompleted) {
        const monitorId = (event.data as { monitorId?: unknown } | undefined)?.monitorId;
        const facts = typeof monitorId === 'string' ? this.monitors.get(monitorId) : undefined;
        for (const sample of checkSamples(event, facts)) this.evaluator.ingest(sample);
      } else if (event.type === MonitorContract.samplesRecorded) {
        for (const sample of recordedMetricSamples(event)) this.evaluator.ingest(sample);
      } else if (event.type.startsWith(MonitorContract.definitionPrefix)) {
        const change = monitorFactsOf(event);
        if (change?.facts) this.monitors.set(change.id, change.facts);
        else if (change) this.monitors.delete(change.id);
      }
    }
    appends.push(...this.applyRuleChanges());
    appends.push(...this.evaluator.evaluate(nowMs).map(transitionEvent));
    return appends;
  }

  act(nowMs: number): StreamAppend[] {
    this.lastNow = nowMs;
    const changed = this.applyRuleChanges();
    if (changed.length > 0) return [...changed, ...this.evaluator.evaluate(nowMs).map(transitionEvent)];
    return this.evaluator.evaluate(nowMs).map(transitionEvent);
  }

  snapshot(): EvaluationState {
    return {
      evaluator: this.evaluator.exportState(),
      rules: Object.fromEntries(this.ruleDocs),
      monitors: Object.fromEntries(this.monitors),
      takenAt: this.lastNow,
    };
  }

  nextDueAt(): number | undefined {
    return this.evaluator.nextDueAt();
  }

  private applyRuleChanges(): StreamAppend[] {
    if (this.rulesChangedAt === undefined) return [];
    const at = this.rulesChangedAt;
    this.rulesChangedAt = undefined;
    return this.evaluator.setRules(this.compiledRules(), at).map(transitionEvent);
  }

  private compiledRules(): AlertRule[] {
    const rules: AlertRule[] = [];
    for (const [id, doc] of this.ruleDocs) {
      if (!this.compiled.has(id)) this.compiled.set(id, this.compile(id, doc));
      const rule = this.compiled.get(id);
      if (rule?.enabled) rules.push(rule);
    }
    return rules;
  }

  private compile(id: string, doc: unknown): AlertRule | undefined {
    const parsed = parseAlertRule(documentBody(doc));
    if (parsed.ok) return compileAlertRule(id, parsed.value);
    this.logger.warn({ ruleId: id, errors: parsed.errors }, 'alert rule ignored: its document is invalid');
    return undefined;
  }
}
