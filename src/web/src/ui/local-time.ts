/** `<input type="datetime-local">` values: the reader's local time to the minute, no zone (`2026-01-02T10:30`). */

const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** A `datetime-local` value as an ISO instant; '' when empty or not such a value. */
export function localInputToIso(local: string): string {
  const text = local.trim();
  if (!LOCAL_INPUT.test(text)) return '';
  const ms = new Date(text).getTime();
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/** An ISO instant as a `datetime-local` value in the reader's local time (seconds kept when not 0). */
export function isoToLocalInput(iso: string): string {
  const ms = Date.parse(iso);
  if (!iso || Number.isNaN(ms)) return '';
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const minutes = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
  return d.getSeconds() === 0 && d.getMilliseconds() === 0 ? minutes : `${minutes}:${two(d.getSeconds())}`;
}
