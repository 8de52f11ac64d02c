import type { StreamAppend } from '../../events/index.js';
import { AlertEvents } from '../alert-events.js';
import type { Inhibitor } from '../inhibit/inhibitor.js';
import type { MaintenanceCalendar } from '../silence/maintenance-calendar.js';
import type { SilenceIndex } from '../silence/silence-index.js';
import { notifierEvent } from './notifier-events.js';
import type { TrackedAlert } from './tracked-alert.js';

/**
 * Works out which firing alerts are silenced, in a maintenance window or inhibited at `nowMs`,
 * updates them, and returns the events recording each change, plus when the answer next changes.
 */
export function decideMutes(
  firing: ReadonlyArray<TrackedAlert>,
  mutes: { silences: SilenceIndex; calendar: MaintenanceCalendar; inhibitor: Inhibitor },
  nowMs: number,
): { appends: StreamAppend[]; nextChangeAt: number | undefined } {
  const inhibition = mutes.inhibitor.prepare(firing);
  const appends: StreamAppend[] = [];
  for (const alert of firing) {
    const silencedBy = mutes.silences.silencedBy(alert.labels, nowMs);
    const maintenanceBy = mutes.calendar.activeFor(alert.labels, nowMs);
    if (!sameList(silencedBy, alert.silencedBy) || !sameList(maintenanceBy, alert.maintenanceBy)) {
      const muted = silencedBy.length + maintenanceBy.length > 0;
      appends.push(
        notifierEvent(alert.alertId, muted ? AlertEvents.silenced : AlertEvents.unsilenced, {
          alertId: alert.alertId,
          silenceIds: silencedBy,
          maintenanceWindowIds: maintenanceBy,
        }),
      );
      alert.silencedBy = silencedBy;
      alert.maintenanceBy = maintenanceBy;
    }
    const causes = inhibition.causesFor(alert);
    if (JSON.stringify(causes) !== JSON.stringify(alert.inhibitedBy)) {
      appends.push(
        notifierEvent(alert.alertId, causes.length > 0 ? AlertEvents.inhibited : AlertEvents.uninhibited, {
          alertId: alert.alertId,
          causes,
        }),
      );
      alert.inhibitedBy = causes;
    }
  }
  const next = [mutes.silences.nextChangeAt(nowMs), mutes.calendar.nextChangeAt(nowMs)].filter(
    (t): t is number => t !== undefined,
  );
  return { appends, nextChangeAt: next.length === 0 ? undefined : Math.min(...next) };
}

function sameList(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
