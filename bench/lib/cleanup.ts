type CleanupStep = () => Promise<void> | void;

const steps: CleanupStep[] = [];
let running: Promise<void> | undefined;

/** Registers a step to run when the benchmark ends, fails or is interrupted; returns its remover. */
export function onCleanup(step: CleanupStep): () => void {
  steps.push(step);
  return () => {
    const index = steps.indexOf(step);
    if (index >= 0) steps.splice(index, 1);
  };
}

/**
 * Runs registered steps, newest first; a failing step is reported and the others still run.
 * Callers arriving while a run is under way (an interrupt during a failure) share it.
 */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step();
      } catch (error) {
        console.error(`[bench] cleanup step failed: ${(error as Error).message}`);
      }
    }
  })().finally(() => {
    running = undefined;
  });
  return running;
}
