/**
 * A worker process running the pure in-memory AlertEvaluator — no store, no I/O — with the
 * workload's rules (bench/alerts/workload.ts), so that its heap and garbage collection are its
 * own. Each round ingests whole sweeps over every series on a simulated clock (10 s between
 * sweeps, a scrape interval) and calls `evaluate(now)` every `evaluateEvery` samples. The samples
 * are built, and the garbage collected (--expose-gc), before the timing starts.
 */
import { AlertEvaluator, compileAlertRule, parseAlertRule } from '../../src/alerts/index.js';
import { elapsedMs, nowNs } from '../lib/timing.js';
import { serveWorker } from '../lib/worker.js';
import type { Settings } from './settings.js';
import { type BenchSample, sweepSamples, thresholdRules } from './workload.js';

export interface EvaluatorRound {
  samples: number;
  ms: number;
  /** `evaluate(now)` calls, and the time spent in them. */
  evaluations: number;
  evaluateMs: number;
  /** Transitions evaluate returned (0 expected: no sample crosses a threshold). */
  transitions: number;
}

const SCRAPE_INTERVAL_MS = 10_000;

let settings: Settings | undefined;
let evaluator: AlertEvaluator | undefined;
/** The simulated clock: the next sweep's timestamp. */
let clock = Date.now();

serveWorker({
  async prepare({ settings: given }: { settings: Settings }): Promise<{ series: number; rules: number }> {
    settings = given;
    const rules = thresholdRules(given).map((doc, index) => {
      const parsed = parseAlertRule(doc);
      if (!parsed.ok) throw new Error(`rule ${doc.name}: ${JSON.stringify(parsed.errors)}`);
      return compileAlertRule(`bench-rule-${index}`, parsed.value);
    });
    evaluator = new AlertEvaluator();
    evaluator.setRules(rules, clock);
    return { series: given.metrics * given.labelSets, rules: rules.length };
  },

  async run({ samples }: { samples: number }): Promise<EvaluatorRound> {
    const s = settings!;
    const first = clock;
    const batch: BenchSample[] = [...sweepSamples(s, samples, (sweep) => first + sweep * SCRAPE_INTERVAL_MS)];
    const perSweep = s.metrics * s.labelSets;
    clock = first + Math.ceil(samples / perSweep) * SCRAPE_INTERVAL_MS;
    // The garbage of building the samples (and of the last round) is not the evaluator's.
    (globalThis as { gc?: () => void }).gc?.();
    const e = evaluator!;
    let evaluations = 0;
    let evaluateNs = 0n;
    let transitions = 0;
    const start = nowNs();
    for (let i = 0; i < batch.length; i++) {
      const sample = batch[i]!;
      e.ingest(sample);
      if ((i + 1) % s.evaluateEvery === 0 || i === batch.length - 1) {
        const at = nowNs();
        transitions += e.evaluate(sample.timestamp).length;
        evaluateNs += nowNs() - at;
        evaluations++;
      }
    }
    const ms = elapsedMs(start);
    return { samples: batch.length, ms, evaluations, evaluateMs: Number(evaluateNs) / 1e6, transitions };
  },
});
