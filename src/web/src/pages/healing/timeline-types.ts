import type { ProbableCause } from './healing-types.js';

/** The stage of an incident an entry belongs to. */
export type TimelinePhase =
  | 'alert'
  | 'notification'
  | 'diagnosis'
  | 'plan'
  | 'action'
  | 'approval'
  | 'verification'
  | 'resolution';

export type Tone = 'good' | 'bad' | 'warn' | 'busy' | 'neutral';

/** One action of the remediation, from its request to its outcome. */
export interface ActionStep {
  actionId: string;
  step: string;
  /** The action's kind: http, command, simulator_fault_off. */
  kind: string;
  /** What was sent or run, in one line (`POST http://…/chaos/reset`). */
  summary: string;
  dryRun: boolean;
  state: 'requested' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'outcome_unknown';
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number | null;
  /** What the action answered or why it failed. */
  output: string | null;
}

export type TimelineDetail =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'diagnosis'; causes: ProbableCause[] }
  | { kind: 'plan'; steps: string[]; dryRun: boolean }
  | { kind: 'action'; action: ActionStep }
  | { kind: 'approval'; approvers: string[]; expiresAt: string | null };

/** One entry of an incident's timeline, with the time since the one before and since the first. */
export interface TimelineItem {
  key: string;
  at: string;
  phase: TimelinePhase;
  title: string;
  tone: Tone;
  actor: string | null;
  detail: TimelineDetail;
  sincePreviousMs: number | null;
  sinceStartMs: number;
}

/** What an entry is, before its place in time is known. */
export interface Described {
  phase: TimelinePhase;
  title: string;
  tone: Tone;
  detail: TimelineDetail;
}
