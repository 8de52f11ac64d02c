import { useEffect, useState } from 'preact/hooks';

/** The current time, updated every `everyMs` (for "5 min ago" texts that must not go stale). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
