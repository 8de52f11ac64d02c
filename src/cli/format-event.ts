import type { RecordedEvent } from '../events/index.js';

/** One event as a JSON line (the --json form of read and tail). */
export function eventToJson(event: RecordedEvent): string {
  return JSON.stringify({ ...event, time: event.time.toISOString() });
}

/** One event as a line for people: position, time, stream@version, type, data. */
export function eventToText(event: RecordedEvent): string {
  const data = JSON.stringify(event.data);
  const shown = data.length > 120 ? `${data.slice(0, 117)}...` : data;
  return `#${event.position}  ${event.time.toISOString()}  ${event.streamId}@${event.streamVersion}  ${event.type}  ${shown}`;
}
