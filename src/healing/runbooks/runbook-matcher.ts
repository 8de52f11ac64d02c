import { type CompiledMatcher, matchesAll, parseMatcherText } from '../../kernel/index.js';
import { eventTypePattern } from './event-type-pattern.js';
import type { StoredRunbook } from './runbook-types.js';

/** What the matcher needs to know of an alert. */
export interface AlertToMatch {
  labels: Readonly<Record<string, string>>;
  severity: string;
  ruleName: string;
}

interface CompiledRunbook {
  runbook: StoredRunbook;
  matchers: CompiledMatcher[] | undefined;
  eventType: RegExp | undefined;
}

/**
 * Finds the runbooks that apply to an alert or an event. Holds the enabled runbooks, sorted by
 * name, with their matchers and patterns compiled once per `set`.
 */
export class RunbookMatcher {
  private compiled: CompiledRunbook[] = [];

  /** Replaces the runbooks known (parsed documents with their ids); disabled ones never match. */
  set(runbooks: ReadonlyArray<StoredRunbook>): void {
    this.compiled = runbooks
      .filter((runbook) => runbook.enabled)
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id))
      .map((runbook) => ({
        runbook,
        matchers: runbook.trigger.alert ? compileMatchers(runbook.trigger.alert.matchers) : undefined,
        eventType: runbook.trigger.event ? eventTypePattern(runbook.trigger.event.typePattern) : undefined,
      }));
  }

  /** The enabled runbooks whose alert trigger holds for `alert`, in name order. */
  forAlert(alert: AlertToMatch): StoredRunbook[] {
    const found: StoredRunbook[] = [];
    for (const { runbook, matchers } of this.compiled) {
      const trigger = runbook.trigger.alert;
      if (!trigger || !matchers) continue;
      if (trigger.severities.length > 0 && !(trigger.severities as string[]).includes(alert.severity))
        continue;
      if (trigger.rules.length > 0 && !trigger.rules.includes(alert.ruleName)) continue;
      if (matchesAll(matchers, alert.labels)) found.push(runbook);
    }
    return found;
  }

  /** The enabled runbooks whose event trigger matches the event type, in name order. */
  forEvent(type: string): StoredRunbook[] {
    return this.compiled.filter(({ eventType }) => eventType?.test(type)).map(({ runbook }) => runbook);
  }
}

/** Matchers of a parsed document are valid; one that is not (a document never parsed) matches nothing. */
function compileMatchers(texts: ReadonlyArray<string>): CompiledMatcher[] | undefined {
  const matchers: CompiledMatcher[] = [];
  for (const text of texts) {
    const parsed = parseMatcherText(text);
    if (!parsed.ok) return undefined;
    matchers.push(parsed.matcher);
  }
  return matchers;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
