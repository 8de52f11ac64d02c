/** `datetime-local` inputs: the reader's local time, minutes, no zone (`2026-01-02T10:30`). */

const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A `datetime-local` value as an ISO instant, or undefined when it is not one. */
export function localInputToIso(local: string): string | undefined {
  const text = local.trim();
  if (!LOCAL_INPUT.test(text)) return undefined;
  const ms = new Date(text).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A moment as a `datetime-local` value in the reader's local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}
