import type { ResolveReason } from '../alert-events.js';
import type { AlertRule } from '../definition/rule-compile.js';
import type { AlertRuleDocument } from '../definition/rule-document.js';
import type { BandStats, BaselineState } from './baseline.js';

/** One value of one series at one time. Identity of a series = name + label set. */
export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

export type TransitionType = 'pending' | 'fired' | 'resolved' | 'flapping' | 'flap_settled';

/** A change of an alert series that the runtime turns into an event. */
export interface AlertTransition {
  type: TransitionType;
  rule: AlertRule;
  fingerprint: string;
  /** Series labels + rule labels + alertname + severity. */
  labels: Record<string, string>;
  value: number | null;
  /** When the condition started to hold (a sample's timestamp), ms. */
  activeSince: number;
  at: number;
  /** resolved only: false for a pending alert that never fired. */
  wasFiring?: boolean;
  reason?: ResolveReason;
  /** The rule's annotations rendered for this alert. */
  annotations: Record<string, string>;
  /** flapping only: state changes counted in the flap window. */
  changes?: number;
}

export interface EvaluatorOptions {
  /** Series one rule evaluates at most (default 10,000); beyond it new series are ignored and counted. */
  maxSeriesPerRule?: number;
}

/** A dynamic rule's band for one series (the bucket of the series' latest sample for hour_of_week). */
export interface BandView extends BandStats {
  labels: Record<string, string>;
  fingerprint: string;
  /** hour_of_week only: the 168 buckets, 0 = Sunday 00:00–01:00 UTC. */
  buckets?: BandStats[];
}

export interface ActiveAlertView {
  ruleId: string;
  ruleName: string;
  fingerprint: string;
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeSince: number;
  firedAt: number | null;
  value: number | null;
  flapping: boolean;
}

export interface EvaluatorStats {
  rules: number;
  series: number;
  droppedSeries: number;
}

/** The state of one rule on one series. Times are epoch ms; null = never/none. */
export interface AlertSeriesState {
  ruleId: string;
  status: 'inactive' | 'pending' | 'firing';
  value: number | null;
  threshold: number | null;
  activeSince: number | null;
  firedAt: number | null;
  /** Firing alert whose condition cleared, waiting out keepFiringFor. */
  clearedAt: number | null;
  /** Series time of the last evaluation that had a sample (staleness counts from it). */
  lastSeen: number | null;
  flap: { changes: number[]; flapping: boolean; lastChangeAt: number | null };
  baseline?: BaselineState;
}

export interface SeriesState {
  name: string;
  labels: Record<string, string>;
  times: number[];
  values: number[];
  /** Time of the first sample not evaluated yet (present only when evaluate() has not seen it). */
  firstNewTime?: number;
  alerts: AlertSeriesState[];
}

/** Everything the evaluator knows, JSON-serializable: importState(exportState()) resumes exactly. */
export interface EvaluatorState {
  version: 1;
  rules: Array<{ id: string; document: AlertRuleDocument }>;
  series: SeriesState[];
  /** Indexes into `series` of the series with samples not evaluated yet, in arrival order. */
  touched: number[];
  droppedSeries: number;
}
