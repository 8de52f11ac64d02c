import type { SilenceView } from './alert-types.js';

export type SilenceState = 'pending' | 'active' | 'expired';

/** Whether a silence has not begun, applies, or is over at `nowMs` (it applies in [startsAt, endsAt)). */
export function silenceState(silence: Pick<SilenceView, 'startsAt' | 'endsAt'>, nowMs: number): SilenceState {
  if (nowMs >= Date.parse(silence.endsAt)) return 'expired';
  return nowMs < Date.parse(silence.startsAt) ? 'pending' : 'active';
}

/** Silences with their state at `nowMs`. */
export interface SilenceWithState extends SilenceView {
  state: SilenceState;
}

/**
 * The silences that still count (active, ending soonest first, then pending, starting soonest
 * first) and the expired ones (the most recently ended first).
 */
export function arrangeSilences(
  silences: ReadonlyArray<SilenceView>,
  nowMs: number,
): { current: SilenceWithState[]; expired: SilenceWithState[] } {
  const withState = silences.map((s) => ({ ...s, state: silenceState(s, nowMs) }));
  const at = (iso: string) => Date.parse(iso);
  const active = withState.filter((s) => s.state === 'active').sort((a, b) => at(a.endsAt) - at(b.endsAt));
  const pending = withState
    .filter((s) => s.state === 'pending')
    .sort((a, b) => at(a.startsAt) - at(b.startsAt));
  const expired = withState.filter((s) => s.state === 'expired').sort((a, b) => at(b.endsAt) - at(a.endsAt));
  return { current: [...active, ...pending], expired };
}
