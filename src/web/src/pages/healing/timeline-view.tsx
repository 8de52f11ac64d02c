import { formatDuration, formatTime } from '../../ui/format.js';
import { TimelineDetailView } from './timeline-detail.js';
import type { TimelineItem, TimelinePhase } from './timeline-types.js';

const PHASE_WORDS: Record<TimelinePhase, string> = {
  alert: 'Alert',
  notification: 'Notification',
  diagnosis: 'Diagnosis',
  plan: 'Plan',
  action: 'Action',
  approval: 'Approval',
  verification: 'Verification',
  resolution: 'Resolution',
};

/** An incident's timeline, oldest first: each entry's stage, title, time, and the time since the one before. */
export function TimelineView({ items }: { items: TimelineItem[] }) {
  return (
    <ol class="incident-timeline">
      {items.map((item) => (
        <li key={item.key} class={`phase-${item.phase} tone-${item.tone}`}>
          <div class="timeline-head">
            <span class="phase-tag">{PHASE_WORDS[item.phase]}</span>
            <h3>{item.title}</h3>
          </div>
          <p class="timeline-when muted small">
            <time dateTime={item.at}>{formatTime(item.at)}</time>
            {item.sincePreviousMs !== null && (
              <> · +{formatDuration(item.sincePreviousMs)} after the previous</>
            )}
            {item.sinceStartMs > 0 && <> · {formatDuration(item.sinceStartMs)} into the incident</>}
            {item.actor && <> · by {item.actor}</>}
          </p>
          <TimelineDetailView detail={item.detail} />
        </li>
      ))}
    </ol>
  );
}
