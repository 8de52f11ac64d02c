import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; message: string };

interface CallMessage {
  kind: 'call';
  id: number;
  method: string;
  params: unknown;
}

/** A method a worker serves; params and results cross the process boundary as structured clones. */
export type WorkerHandler = (params: never) => Promise<unknown>;

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * A child process running one TypeScript module that serves methods over IPC. Keeping each store
 * in its own process keeps heaps, garbage collection and library globals (pg type parsers) apart.
 */
export class WorkerProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        const reason = new Error(`Worker ${name} exited (code ${code}, signal ${signal}) before answering`);
        for (const { reject } of this.pending.values()) reject(reason);
        this.pending.clear();
        resolve();
      });
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.kind === 'ready') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.kind === 'result') waiter.resolve(message.value);
      else waiter.reject(new Error(`${name}: ${message.message}`));
    });
  }

  /**
   * Starts `script` (a .ts file) under tsx, with extra Node flags if given, and waits until it
   * serves. Its output goes to our stderr.
   */
  static start(
    name: string,
    script: string,
    args: string[],
    nodeFlags: string[] = [],
  ): Promise<WorkerProcess> {
    const child = fork(script, args, {
      execArgv: [...nodeFlags, '--import', tsxLoader],
      // The child's stdout joins our stderr: our stdout must end with the machine line.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    const worker = new WorkerProcess(name, child);
    return new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.kind !== 'ready') return;
        child.off('message', onMessage);
        resolve(worker);
      };
      child.on('message', onMessage);
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`Worker ${name} exited with code ${code} while starting`)),
      );
    });
  }

  /** Calls a method in the worker and resolves to what it returned. */
  call<T>(method: string, params: unknown = {}): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`Worker ${this.name} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const message: CallMessage = { kind: 'call', id, method, params };
      this.child.send(message);
    });
  }

  /** Asks the worker to close its resources and exit; kills it if it does not within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      await this.call('close').catch(() => undefined);
      if (!this.exited) this.child.disconnect();
      await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the worker at once (for interrupted runs). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

/**
 * Serves `handlers` to the parent process. A `close` handler, when given, runs before the worker
 * exits on the parent's `close` call.
 */
export function serveWorker(handlers: Record<string, WorkerHandler>): void {
  if (!process.send) throw new Error('serveWorker must run in a process started by WorkerProcess.start');
  const send = (message: WorkerMessage, then?: () => void) => process.send!(message, undefined, {}, then);
  process.on('message', async (message: CallMessage) => {
    if (message?.kind !== 'call') return;
    try {
      const handler = handlers[message.method];
      const value = message.method === 'close' && !handler ? undefined : await callHandler(handler, message);
      // After `close` the answer is flushed first, then the channel closes and the worker exits.
      send(
        { kind: 'result', id: message.id, value },
        message.method === 'close' ? () => process.disconnect() : undefined,
      );
    } catch (error) {
      send({ kind: 'error', id: message.id, message: (error as Error)?.stack ?? String(error) });
    }
  });
  // Without a parent there is nothing to serve: exit instead of lingering.
  process.on('disconnect', () => process.exit(0));
  send({ kind: 'ready' });
}

function callHandler(handler: WorkerHandler | undefined, message: CallMessage): Promise<unknown> {
  if (!handler) throw new Error(`Unknown worker method ${message.method}`);
  return handler(message.params as never);
}
