import { formatDuration } from '../../ui/format.js';
import type { RemediationPhase, RemediationView } from './healing-types.js';

/** How a status reads on screen, and its colour: good (healed), bad, waiting (for people), busy. */
export type StatusTone = 'good' | 'bad' | 'waiting' | 'busy' | 'none';

const WORDS: Record<RemediationPhase, string> = {
  planned: 'planned',
  acting: 'running',
  awaiting_approval: 'waiting for approval',
  verifying: 'verifying',
  healed: 'healed',
  not_healed: 'not healed',
  escalated: 'escalated',
  completed: 'completed',
};

const TONES: Record<RemediationPhase, StatusTone> = {
  planned: 'busy',
  acting: 'busy',
  awaiting_approval: 'waiting',
  verifying: 'busy',
  healed: 'good',
  not_healed: 'bad',
  escalated: 'bad',
  completed: 'good',
};

/** The statuses a list can be filtered by, in the order a person looks for them. */
export const STATUS_FILTERS: ReadonlyArray<RemediationPhase> = [
  'awaiting_approval',
  'acting',
  'verifying',
  'planned',
  'healed',
  'not_healed',
  'escalated',
  'completed',
];

/** A remediation's status in words; no remediation: healing had nothing to do (yet). */
export function statusLabel(status: RemediationPhase | null | undefined): string {
  return status ? (WORDS[status] ?? String(status).replace(/_/g, ' ')) : 'no remediation';
}

export function statusTone(status: RemediationPhase | null | undefined): StatusTone {
  return status ? (TONES[status] ?? 'none') : 'none';
}

/** Whether `value` is a remediation status (as an address query may hold one). */
export function isRemediationPhase(value: string | null | undefined): value is RemediationPhase {
  return value !== null && value !== undefined && value in WORDS;
}

/** How long healing took: the time to heal when healed, else '—'. */
export function timeToHeal(remediation: Pick<RemediationView, 'status' | 'healedInMs'> | null): string {
  if (remediation?.status !== 'healed' || remediation.healedInMs === null) return '—';
  return formatDuration(remediation.healedInMs);
}

/** How long until `iso`, seen at `nowMs`: `14 min 5 s`, or `expired` once it passed. */
export function timeLeft(iso: string, nowMs: number): string {
  const ms = Date.parse(iso) - nowMs;
  if (Number.isNaN(ms)) return '—';
  return ms <= 0 ? 'expired' : formatDuration(ms);
}
