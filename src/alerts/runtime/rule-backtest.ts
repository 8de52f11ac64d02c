import type { EventStore, RecordedEvent } from '../../events/index.js';
import { VigiaError } from '../../kernel/index.js';
import type { AlertRule } from '../definition/rule-compile.js';
import { type BacktestResult, backtestRule } from '../evaluate/backtest.js';
import { MonitorContract } from '../monitor-contract.js';
import {
  checkSamples,
  type MonitorFacts,
  monitorFactsOf,
  recordedMetricSamples,
  type SeriesSample,
} from './check-samples.js';

/** The longest history one backtest reads. */
export const MAX_BACKTEST_RANGE_MS = 31 * 24 * 3_600_000;
/** Events read at most by one backtest (it answers with `truncated: true` beyond). */
export const MAX_BACKTEST_EVENTS = 2_000_000;

export interface BacktestRange {
  fromMs: number;
  toMs: number;
  stepMs?: number;
}

/** A backtest asked for a range it does not read. */
export class BacktestRangeError extends VigiaError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message);
  }
}

/**
 * `vigia rules test`: runs `rule` over the check results and metric samples recorded in
 * [from, to) — the same samples the live evaluator saw — and tells when it would have fired.
 */
export async function backtestFromLog(
  store: EventStore,
  rule: AlertRule,
  range: BacktestRange,
): Promise<BacktestResult & { truncated: boolean; fromMs: number; toMs: number }> {
  if (!(range.toMs > range.fromMs)) throw new BacktestRangeError('"to" must be after "from"');
  if (range.toMs - range.fromMs > MAX_BACKTEST_RANGE_MS) {
    throw new BacktestRangeError('a backtest reads at most 31 days of history: narrow "from" and "to"');
  }
  const monitors = new Map<string, MonitorFacts>();
  for await (const event of store.readAll({ filter: { typePrefixes: [MonitorContract.definitionPrefix] } })) {
    const change = monitorFactsOf(event);
    if (change?.facts) monitors.set(change.id, change.facts);
    else if (change) monitors.delete(change.id);
  }
  let read = 0;
  let truncated = false;
  const history = async function* (): AsyncGenerator<SeriesSample> {
    const events = store.readAll({
      filter: {
        typePrefixes: [MonitorContract.checkCompleted, MonitorContract.samplesRecorded],
        fromTime: new Date(range.fromMs),
        toTime: new Date(range.toMs),
      },
    });
    for await (const event of events) {
      if (++read > MAX_BACKTEST_EVENTS) {
        truncated = true;
        return;
      }
      yield* samplesOf(event, monitors);
    }
  };
  const result = await backtestRule(rule, history(), { stepMs: range.stepMs, untilMs: range.toMs });
  return { ...result, truncated, fromMs: range.fromMs, toMs: range.toMs };
}

function samplesOf(event: RecordedEvent, monitors: ReadonlyMap<string, MonitorFacts>): SeriesSample[] {
  if (event.type === MonitorContract.samplesRecorded) {
    return recordedMetricSamples(event);
  }
  const monitorId = (event.data as { monitorId?: unknown } | undefined)?.monitorId;
  return checkSamples(event, typeof monitorId === 'string' ? monitors.get(monitorId) : undefined);
}
