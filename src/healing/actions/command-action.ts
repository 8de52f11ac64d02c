import { type ChildProcess, spawn } from 'node:child_process';
import { isAbsolute, normalize } from 'node:path';
import { type Clock, ConfigError, type TimerHandle } from '../../kernel/index.js';
import { ActionAttemptError, type AttemptReport, CommandNotAllowedError } from './action-errors.js';
import { cleanExcerpt, describeError } from './attempt-detail.js';
import type { RenderedAction } from './rendered-action.js';

export type CommandAction = Extract<RenderedAction, { kind: 'command' }>;

/** `healing.commands` in vigia.yaml: commands are off unless enabled, and only listed executables run. */
export interface CommandSettings {
  enabled: boolean;
  /** Absolute, normalized paths of the executables a runbook may run, matched exactly. */
  allow: string[];
  /** Retry a non-zero exit within the action's `retries`. Default false: a script that said no is not asked again. */
  retryNonZeroExit?: boolean;
  /** After SIGTERM at the timeout, SIGKILL follows this much later. Default 5 s. */
  killGraceMs?: number;
}

/** Each of stdout and stderr is kept up to this many bytes; the rest is counted and dropped. */
export const MAX_OUTPUT_BYTES = 8 * 1024;
const DEFAULT_KILL_GRACE_MS = 5_000;
/** After the command exits, its output pipes get this long to drain before they are closed. */
const DRAIN_MS = 250;

/** Refuses settings with a relative or non-normalized allowed path, naming the key. */
export function checkCommandSettings(settings: CommandSettings): void {
  settings.allow.forEach((path, index) => {
    if (typeof path !== 'string' || !isAbsolute(path) || normalize(path) !== path || path.endsWith('/')) {
      throw new ConfigError(
        `healing.commands.allow[${index}]: "${String(path)}" must be an absolute, normalized path such as /usr/local/bin/restart-api`,
        { key: `healing.commands.allow[${index}]`, value: path },
      );
    }
  });
  const grace = settings.killGraceMs;
  if (grace !== undefined && (!Number.isFinite(grace) || grace < 0)) {
    throw new ConfigError(`healing.commands.killGraceMs: must be a duration in ms ≥ 0, got ${grace}`, {
      key: 'healing.commands.killGraceMs',
      value: grace,
    });
  }
}

/** Throws CommandNotAllowedError unless commands are enabled and the executable is listed exactly. */
export function checkCommandAllowed(action: CommandAction, settings: CommandSettings | undefined): void {
  if (!settings?.enabled) throw new CommandNotAllowedError(action.executable, 'disabled');
  if (!settings.allow.includes(action.executable)) {
    throw new CommandNotAllowedError(action.executable, 'not_allowed');
  }
}

/** The whole environment a command gets: PATH and LANG, nothing else (no Vigia secret is inherited). */
export function commandEnvironment(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { PATH: source.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
  if (source.LANG) env.LANG = source.LANG;
  return env;
}

/** The first `limit` bytes of a stream, and how many more there were. */
class OutputHead {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room > 0) {
      const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      this.chunks.push(part);
      this.kept += part.byteLength;
    }
    this.dropped += Math.max(0, chunk.byteLength - Math.max(0, room));
  }

  text(): string {
    const head = Buffer.concat(this.chunks, this.kept).toString('utf8');
    return this.dropped > 0 ? `${head}…[${this.dropped} more bytes not kept]` : head;
  }
}

/** What an attempt needs besides the action. */
export interface CommandAttemptContext {
  /** Aborts at the timeout: SIGTERM to the command's process group, SIGKILL after `killGraceMs`. */
  signal: AbortSignal;
  clock: Clock;
  killGraceMs?: number;
  retryNonZeroExit?: boolean;
}

function outputDetail(head: string, stdout: string, stderr: string, stderrFirst: boolean): string {
  const parts = [head];
  const out = stdout.trim() ? `stdout: ${stdout.trim()}` : '';
  const err = stderr.trim() ? `stderr: ${stderr.trim()}` : '';
  for (const part of stderrFirst ? [err, out] : [out, err]) if (part) parts.push(part);
  return cleanExcerpt(parts.join('\n'));
}

/** Sends `signal` to the command and everything it started (its own process group). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function startFailure(action: CommandAction, error: unknown): ActionAttemptError {
  return new ActionAttemptError(
    { detail: cleanExcerpt(`could not start ${action.executable}: ${describeError(error)}`) },
    { retryable: false, destinationFault: false, cause: error },
  );
}

/**
 * Runs the executable directly (no shell: arguments reach it exactly as given) in its own
 * process group, with an environment of PATH and LANG only and stdin closed. Exit 0 resolves;
 * a non-zero exit, a signal or a failure to start throws ActionAttemptError with the exit code
 * and the first 8 KiB of stdout and stderr.
 */
export function runCommandAction(
  action: CommandAction,
  context: CommandAttemptContext,
): Promise<AttemptReport> {
  return new Promise<AttemptReport>((resolve, reject) => {
    const stdout = new OutputHead(MAX_OUTPUT_BYTES);
    const stderr = new OutputHead(MAX_OUTPUT_BYTES);
    const timers: TimerHandle[] = [];
    let killedWith: NodeJS.Signals | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    let child: ChildProcess;
    try {
      // spawn, not execFile: execFile kills a command whose output passes maxBuffer, and a
      // remediation cut short by its own chattiness is worse than output cut short.
      child = spawn(action.executable, action.args, {
        shell: false,
        detached: true,
        env: commandEnvironment(),
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      reject(startFailure(action, error));
      return;
    }
    const onAbort = () => {
      killedWith = 'SIGTERM';
      killGroup(child, 'SIGTERM');
      timers.push(
        context.clock.setTimer(context.killGraceMs ?? DEFAULT_KILL_GRACE_MS, () => {
          killedWith = 'SIGKILL';
          killGroup(child, 'SIGKILL');
        }),
      );
    };
    const finish = (startError?: unknown) => {
      if (settled) return;
      settled = true;
      context.signal.removeEventListener('abort', onAbort);
      for (const timer of timers) timer.cancel();
      if (startError !== undefined) {
        reject(startFailure(action, startError));
        return;
      }
      const out = stdout.text();
      const err = stderr.text();
      const code = exit?.code ?? null;
      if (code === 0) {
        resolve({ detail: outputDetail('exit 0', out, err, false), exitCode: 0, stdout: out, stderr: err });
        return;
      }
      const byUs = killedWith !== undefined && code === null;
      const head =
        code !== null
          ? `exit ${code}`
          : byUs
            ? `killed with ${killedWith} at the timeout`
            : `terminated by signal ${exit?.signal ?? 'unknown'}`;
      const report: AttemptReport = {
        detail: outputDetail(head, out, err, true),
        ...(code === null ? {} : { exitCode: code }),
        stdout: out,
        stderr: err,
      };
      reject(
        new ActionAttemptError(report, {
          retryable: context.retryNonZeroExit === true,
          destinationFault: true,
        }),
      );
    };
    child.stdout?.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.on('error', (error) => {
      if (child.pid === undefined) finish(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A background process the command left behind may hold the pipes open: stop reading soon.
      timers.push(
        context.clock.setTimer(DRAIN_MS, () => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish();
        }),
      );
    });
    child.on('close', (code, signal) => {
      exit ??= { code, signal };
      finish();
    });
    if (context.signal.aborted) onAbort();
    else context.signal.addEventListener('abort', onAbort, { once: true });
  });
}
