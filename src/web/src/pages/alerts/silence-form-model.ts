import { isoToLocalInput, localInputToIso } from '../../ui/local-time.js';
import type { AlertView } from './alert-types.js';

/** A label matcher's operator: equal, not equal, matches and does not match a regular expression. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';
export const MATCH_OPERATORS: readonly MatchOperator[] = ['=', '!=', '=~', '!~'];

/** One row of the matcher list as the form edits it. */
export interface MatcherRow {
  name: string;
  op: MatchOperator;
  value: string;
}

/** What the silence form holds. `endsAt` is a `datetime-local` value (the reader's local time). */
export interface SilenceForm {
  matchers: MatcherRow[];
  endMode: 'duration' | 'endsAt';
  duration: string;
  endsAt: string;
  comment: string;
}

/** The body of `POST /api/silences`. */
export interface SilenceRequest {
  matchers: string[];
  comment: string;
  duration?: string;
  endsAt?: string;
}

/** Durations offered with one click. */
export const DURATION_PRESETS = ['1h', '4h', '1d'] as const;

const HOUR_MS = 3_600_000;

/**
 * The matchers that select this alert's series: its rule (`alertname`) and its service, with the
 * values the alert carries, so the silence mutes this alert and its later occurrences only.
 */
export function matchersFromAlert(alert: Pick<AlertView, 'labels' | 'ruleName' | 'service'>): MatcherRow[] {
  const rows: MatcherRow[] = [
    { name: 'alertname', op: '=', value: alert.labels.alertname ?? alert.ruleName },
  ];
  const service = alert.labels.service ?? alert.service;
  if (service) rows.push({ name: 'service', op: '=', value: service });
  return rows;
}

/** The form as it opens for an alert: its matchers, one hour, no comment yet. */
export function silenceFormFor(
  alert: Pick<AlertView, 'labels' | 'ruleName' | 'service'>,
  nowMs: number,
): SilenceForm {
  return {
    matchers: matchersFromAlert(alert),
    endMode: 'duration',
    duration: '1h',
    endsAt: isoToLocalInput(new Date(nowMs + HOUR_MS).toISOString()),
    comment: '',
  };
}

/** The text form the API takes: `service="api"`, with `"` and `\` in the value escaped. */
export function matcherText(row: MatcherRow): string {
  return `${row.name.trim()}${row.op}"${row.value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The request for the form. A duration is sent as written (the server turns it into `endsAt` and
 * names it when it is wrong); an end time is sent as an ISO instant, or as typed when it is not a time.
 */
export function silenceRequestBody(form: SilenceForm): SilenceRequest {
  const body: SilenceRequest = { matchers: form.matchers.map(matcherText), comment: form.comment };
  if (form.endMode === 'duration') body.duration = form.duration.trim();
  else {
    const iso = localInputToIso(form.endsAt);
    if (iso) body.endsAt = iso;
    else if (form.endsAt.trim()) body.endsAt = form.endsAt.trim();
  }
  return body;
}

const UNITS: ReadonlyArray<number> = [7 * 24 * HOUR_MS, 24 * HOUR_MS, HOUR_MS, 60_000, 1000, 1];
const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a duration written as the server reads it (`30m`, `4h`, `1d12h`), or undefined. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  return UNITS.reduce((total, size, i) => total + Number(match[i + 1] ?? 0) * size, 0);
}

/** When a silence of `duration` starting at `nowMs` ends (ISO), or undefined when it is not a duration above 0. */
export function endsAtFromDuration(duration: string, nowMs: number): string | undefined {
  const ms = parseDuration(duration);
  return ms ? new Date(nowMs + ms).toISOString() : undefined;
}
