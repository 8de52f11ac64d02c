import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

/** The CLI's entry point, run through tsx so tests need no build. */
export const VIGIA_MAIN = path.join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

/** A `vigia …` child process with its output collected. */
export interface VigiaProcess {
  child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Resolves once stdout passes `test`, or after `timeoutMs` (default 15 s; the caller then asserts on the output). */
  waitForStdout(test: (stdout: string) => boolean, timeoutMs?: number): Promise<void>;
}

/** Starts `vigia <args>` with `env` (the demo fleet off unless `env` turns it on). */
export function spawnVigia(args: string[], env: NodeJS.ProcessEnv): VigiaProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', VIGIA_MAIN, ...args], {
    env: { VIGIA_DEMO: 'false', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited: new Promise((resolve) => child.on('exit', resolve)),
    async waitForStdout(test, timeoutMs = 15_000) {
      for (let i = 0; i < timeoutMs / 50 && !test(stdout); i++) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
