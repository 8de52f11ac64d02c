import type { RecordedEvent } from '../../events/index.js';
import type { EvidenceRef } from '../healing-events.js';

/** Where to find `event` in the log, with one line for a person. */
export function evidenceRef(event: RecordedEvent, summary: string): EvidenceRef {
  return { eventId: event.id, type: event.type, streamId: event.streamId, position: event.position, summary };
}

/** The refs once each (by event id), in order, at most `limit`. */
export function distinctRefs(refs: Iterable<EvidenceRef | null | undefined>, limit: number): EvidenceRef[] {
  const seen = new Set<string>();
  const out: EvidenceRef[] = [];
  for (const ref of refs) {
    if (!ref || seen.has(ref.eventId)) continue;
    seen.add(ref.eventId);
    out.push(ref);
    if (out.length >= limit) break;
  }
  return out;
}

/** `12:03 UTC` style minute for explanations. */
export function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** A number for a person: whole above 100, two decimals below 1, one otherwise. */
export function shortNumber(value: number): string {
  const size = Math.abs(value);
  if (size >= 100) return String(Math.round(value));
  if (size >= 1) return value.toFixed(1).replace(/\.0$/, '');
  return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** `api, db and web`, at most `limit` names then `and 3 more`. */
export function listNames(names: ReadonlyArray<string>, limit = 5): string {
  const shown = names.slice(0, limit);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
