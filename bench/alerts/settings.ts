/** How much work each part of the alerting benchmark does. */
export interface Settings {
  /** Threshold rules evaluated over the series (see workload.ts for how they select them). */
  rules: number;
  /** Metric names × label sets per metric = series. */
  metrics: number;
  labelSets: number;
  /** Samples per evaluator round (whole sweeps over every series), `evaluate(now)` every `evaluateEvery`. */
  evaluatorSamples: number;
  evaluateEvery: number;
  evaluatorRounds: number;
  /** Samples per pipeline round, appended as events of `samplesPerEvent`, `eventsPerAppend` per append. */
  pipelineSamples: number;
  pipelineRounds: number;
  samplesPerEvent: number;
  eventsPerAppend: number;
  /** Grouping-to-notification rounds per contender, each with `groupsPerRound` new groups. */
  groupingRounds: number;
  groupsPerRound: number;
  /** The grouping route's group_wait (subtracted from the measured time). */
  groupWait: string;
  /** Fire-latency probes (new series crossing the threshold), started `fireStaggerMs` apart. */
  fireProbes: number;
  fireStaggerMs: number;
  /** The fire-latency rule's `for` (subtracted from the measured time). */
  fireFor: string;
  /** Fan-out: webhook receivers, rounds per contender, group_wait. */
  fanoutReceivers: number;
  fanoutRounds: number;
  fanoutGroupWait: string;
}

/** Under 45 s in all, the same comparisons as the full run. */
export const QUICK: Settings = {
  rules: 1000,
  metrics: 10,
  labelSets: 1000,
  evaluatorSamples: 300_000,
  evaluateEvery: 10_000,
  evaluatorRounds: 3,
  pipelineSamples: 200_000,
  pipelineRounds: 3,
  samplesPerEvent: 1000,
  eventsPerAppend: 10,
  groupingRounds: 4,
  groupsPerRound: 4,
  groupWait: '1s',
  fireProbes: 25,
  fireStaggerMs: 40,
  fireFor: '1s',
  fanoutReceivers: 100,
  fanoutRounds: 5,
  fanoutGroupWait: '0s',
};

/** A few minutes. */
export const FULL: Settings = {
  rules: 1000,
  metrics: 10,
  labelSets: 1000,
  evaluatorSamples: 2_000_000,
  evaluateEvery: 10_000,
  evaluatorRounds: 5,
  pipelineSamples: 1_000_000,
  pipelineRounds: 5,
  samplesPerEvent: 1000,
  eventsPerAppend: 10,
  groupingRounds: 10,
  groupsPerRound: 5,
  groupWait: '1s',
  fireProbes: 100,
  fireStaggerMs: 50,
  fireFor: '2s',
  fanoutReceivers: 100,
  fanoutRounds: 15,
  fanoutGroupWait: '0s',
};

/** Targets copied from the issue. */
export const TARGETS = {
  /** Samples per second through 1,000 rules over 10,000 series, embedded backend. */
  samplesPerSecond: 200_000,
  /** From the crossing sample to `alerts.alert_fired`, beyond the rule's `for`. */
  fireLatencyP99Ms: 100,
} as const;

/** Milliseconds of a Prometheus-style duration with one unit (`0s`, `1s`, `500ms`, `2m`). */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  if (!match) throw new Error(`unsupported duration ${text}`);
  const n = Number(match[1]);
  return match[2] === 'ms' ? n : match[2] === 's' ? n * 1000 : n * 60_000;
}
