/** HTTP methods a remediation request may use. */
export type HttpActionMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A remediation action whose templates are already resolved: what the executor receives. */
export type RenderedAction =
  | { kind: 'http'; method: HttpActionMethod; url: string; headers: Record<string, string>; body?: string }
  | { kind: 'command'; executable: string; args: string[] }
  /** `url` is the base URL of a Vigia simulated service; its faults are reset. */
  | { kind: 'simulator_fault_off'; url: string }
  | { kind: 'notify'; receivers: string[]; message: string }
  | { kind: 'approval'; approvers: string[]; expiresInMs: number };

/** The kinds the executor runs; `notify` and `approval` become events in the runtime instead. */
export type ExecutableActionKind = 'http' | 'command' | 'simulator_fault_off';

/** How one attempt ended, as reported to `onAttempt`. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'timed_out' | 'circuit_open';

/** One attempt, reported before the next one starts. */
export interface ActionAttempt {
  attempt: number;
  outcome: AttemptOutcome;
  /** One short text for people and events (at most 2,000 characters): status and answer, or exit code and output. */
  detail: string;
  durationMs: number;
}

/** How an action ended after all its attempts. */
export interface ActionResult {
  outcome: 'succeeded' | 'failed' | 'timed_out';
  /** Attempts made, circuit-open ones included (0 when stopped before the first). */
  attempts: number;
  detail: string;
  /** Exit code of the last command attempt, when the process exited by itself. */
  exitCode?: number;
  /** HTTP status of the last attempt that got an answer. */
  status?: number;
  /** Captured output of the last command attempt, each at most 8 KiB. */
  stdout?: string;
  stderr?: string;
}
