import { onLinkClick } from '../../router.js';
import { formatDuration, formatTime } from '../../ui/format.js';
import { eventAtPath } from '../events/events-query.js';
import type { ProbableCause } from './healing-types.js';
import { CAUSE_WORDS, percent } from './timeline-labels.js';
import type { ActionStep, TimelineDetail } from './timeline-types.js';

/** What a timeline entry holds beyond its title: causes and evidence, an action's output, approvers. */
export function TimelineDetailView({ detail }: { detail: TimelineDetail }) {
  switch (detail.kind) {
    case 'text':
      return <p class="timeline-text">{detail.text}</p>;
    case 'diagnosis':
      return <Causes causes={detail.causes} />;
    case 'plan':
      return (
        <p>
          Steps: {detail.steps.length ? detail.steps.join(' → ') : 'none applies'}
          {detail.dryRun && <strong> (dry run: recorded, not done)</strong>}
        </p>
      );
    case 'action':
      return <ActionDetail action={detail.action} />;
    case 'approval':
      return (
        <p>
          Approvers: {detail.approvers.join(', ') || '—'}
          {detail.expiresAt && <> · expires {formatTime(detail.expiresAt)}</>}
        </p>
      );
    default:
      return null;
  }
}

function Causes({ causes }: { causes: ProbableCause[] }) {
  if (causes.length === 0) return <p class="muted">Nothing in the recent log points to a cause.</p>;
  return (
    <ol class="causes">
      {causes.map((cause) => (
        <li key={`${cause.kind}-${cause.subject}`}>
          <p>
            <strong>{CAUSE_WORDS[cause.kind] ?? cause.kind}</strong> ({cause.subject}){' '}
            <span class="confidence">
              <meter min={0} max={1} value={cause.confidence} aria-hidden="true" />{' '}
              {percent(cause.confidence)} confidence
            </span>
          </p>
          <p>{cause.explanation}</p>
          {cause.evidence.length > 0 && (
            <details open>
              <summary>Evidence ({cause.evidence.length})</summary>
              <ul class="evidence">
                {cause.evidence.map((ref) => (
                  <li key={ref.eventId}>
                    <a href={eventAtPath(ref)} onClick={onLinkClick}>
                      {ref.summary}
                    </a>{' '}
                    <span class="muted small">
                      {ref.type} at position {ref.position}
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

function ActionDetail({ action }: { action: ActionStep }) {
  const waited = action.startedAt ? Date.parse(action.startedAt) - Date.parse(action.requestedAt) : null;
  const took =
    action.startedAt && action.finishedAt
      ? Date.parse(action.finishedAt) - Date.parse(action.startedAt)
      : null;
  return (
    <div class="action-detail">
      <dl class="facts">
        <div>
          <dt>Action</dt>
          <dd>
            {action.kind}: <code>{action.summary}</code>
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            {action.startedAt
              ? `${formatTime(action.startedAt)} (${formatDuration(waited ?? 0)} after the request)`
              : 'not yet'}
          </dd>
        </div>
        <div>
          <dt>{action.state === 'succeeded' ? 'Succeeded' : action.finishedAt ? 'Ended' : 'Finished'}</dt>
          <dd>
            {action.finishedAt
              ? `${formatTime(action.finishedAt)}${took === null ? '' : ` (took ${formatDuration(took)})`}`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{action.attempts ?? '—'}</dd>
        </div>
      </dl>
      {action.output !== null && (
        <>
          <p class="output-label">Output</p>
          <pre class="action-output">{action.output}</pre>
        </>
      )}
    </div>
  );
}
