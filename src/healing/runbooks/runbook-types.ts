import type { CauseKind } from '../healing-events.js';

/**
 * A runbook as stored: the document users write (a `healing.runbooks:` entry of vigia.yaml, or
 * the body of POST /api/runbooks) with its defaults filled in by parseRunbook. Durations stay
 * as written (`30s`); parseDuration turns them into milliseconds.
 */

export const ACTION_KINDS = ['http', 'command', 'simulator_fault_off', 'notify', 'approval'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What happens when a step fails: hand over to humans, or try the next step. */
export const ON_FAILURE = ['escalate', 'next'] as const;
export type OnFailure = (typeof ON_FAILURE)[number];

/** Every cause kind diagnosis reports (`satisfies` keeps this in step with healing-events.ts). */
const CAUSE_KIND_SET = {
  dependency_down: true,
  shared_dependency: true,
  network: true,
  recent_change: true,
  resource_saturation: true,
  the_service_itself: true,
} as const satisfies Record<CauseKind, true>;
export const CAUSE_KINDS = Object.keys(CAUSE_KIND_SET) as ReadonlyArray<CauseKind>;

/** An HTTP request; `url`, header values and `body` are templates. The body is a JSON document. */
export interface HttpActionDocument {
  kind: 'http';
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A program run directly (no shell): each argument is a template and stays one argument. */
export interface CommandActionDocument {
  kind: 'command';
  executable: string;
  args: string[];
}

/** Switches the faults of a simulated service off (`POST <url>/chaos/reset`); `url` is a template. */
export interface SimulatorFaultOffActionDocument {
  kind: 'simulator_fault_off';
  url: string;
}

/** Sends `message` (a template) to alerting receivers by name. */
export interface NotifyActionDocument {
  kind: 'notify';
  receivers: string[];
  message: string;
}

/** Waits until one of `approvers` (user names or roles) approves or rejects, or `expiresIn` passes. */
export interface ApprovalActionDocument {
  kind: 'approval';
  approvers: string[];
  expiresIn: string;
}

export type RunbookActionDocument =
  | HttpActionDocument
  | CommandActionDocument
  | SimulatorFaultOffActionDocument
  | NotifyActionDocument
  | ApprovalActionDocument;

/** A condition on the diagnosis: a cause of this kind, on this subject, at least this sure. */
export interface StepCondition {
  cause?: CauseKind;
  subject?: string;
  minConfidence?: number;
  /** `any` (default): any probable cause counts; `first`: only the most probable one. */
  among: 'first' | 'any';
}

export interface RunbookStep {
  name: string;
  when?: StepCondition;
  action: RunbookActionDocument;
  timeout: string;
  retries: number;
  /** Overrides the runbook's `onFailure` for this step. */
  onFailure?: OnFailure;
  /** Interchangeable steps: among them, the ones that healed more often are tried first. */
  alternatives: boolean;
}

/** Every list given must hold (an empty list does not restrict); at least one is non-empty. */
export interface AlertTrigger {
  matchers: string[];
  severities: Severity[];
  rules: string[];
}

/** An event type pattern; `*` stands for any run of characters (`deploy.*`). */
export interface EventTrigger {
  typePattern: string;
}

export interface RunbookTrigger {
  alert?: AlertTrigger;
  event?: EventTrigger;
}

export interface RunbookDocument {
  name: string;
  description?: string;
  enabled: boolean;
  /** Decide and record everything, act on nothing. */
  dryRun: boolean;
  trigger: RunbookTrigger;
  steps: RunbookStep[];
  /** Re-check until the alert resolves or `within` passes. */
  verify: { within: string };
  onFailure: OnFailure;
  /** At most `maxActionsPerHour` actions per value of the alert's `per` label. */
  budget: { maxActionsPerHour: number; per: string };
}

/** A runbook with its identity, as the matcher and the executor hold it. */
export type StoredRunbook = { id: string } & RunbookDocument;
