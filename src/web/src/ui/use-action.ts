import { useState } from 'preact/hooks';

/** A request a form or button makes: whether it is under way, and the error it ended with. */
export interface Action {
  busy: boolean;
  error: unknown;
  setError(error: unknown): void;
  /** Runs `work` with `busy` on and the last error cleared; a failure becomes `error` (shown by the caller). */
  run(work: () => Promise<void>): Promise<void>;
}

/** The busy flag and error of a form's submit, written once instead of in every form. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
