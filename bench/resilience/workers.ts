import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from '../lib/cleanup.js';
import { WorkerProcess } from '../lib/worker.js';
import type { Library } from './subjects.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'library-worker.ts');

/**
 * One process per library, each serving library-worker.ts, started at once; killed on cleanup if
 * still running. The map keeps the order of `libraries` (the order of every interleaved round).
 */
export async function startLibraryWorkers(
  libraries: ReadonlyArray<Library>,
  vigiaUrl: string,
): Promise<Map<Library, WorkerProcess>> {
  const started = await Promise.allSettled(
    libraries.map(async (library) => {
      const worker = await WorkerProcess.start(library, WORKER, [library, vigiaUrl], ['--expose-gc']);
      onCleanup(() => worker.kill());
      return [library, worker] as const;
    }),
  );
  const workers = new Map<Library, WorkerProcess>();
  for (const outcome of started) if (outcome.status === 'fulfilled') workers.set(...outcome.value);
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
    throw failed.reason;
  }
  return workers;
}
