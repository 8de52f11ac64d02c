import { onLinkClick } from '../../router.js';
import { actorName } from './actor-name.js';
import { inhibitionLinks } from './alert-grouping.js';
import type { AlertView } from './alert-types.js';

/**
 * An alert's state in words: firing or pending, who acknowledged it, whether it is silenced,
 * flapping, and what inhibits it (each cause a link to its alert or its service).
 */
export function AlertState({ alert, known }: { alert: AlertView; known: ReadonlyMap<string, AlertView> }) {
  const causes = inhibitionLinks(alert, known);
  return (
    <ul class="alert-state">
      <li class={`state-${alert.state}`}>{alert.state}</li>
      {alert.acknowledged && <li>acknowledged by {actorName(alert.acknowledged.by)}</li>}
      {alert.silencedBy.length > 0 && <li>silenced</li>}
      {alert.flapping && <li>flapping</li>}
      {causes.length > 0 && (
        <li>
          inhibited by{' '}
          {causes.map((cause, i) => (
            <span key={cause.href + cause.text}>
              {i > 0 && ', '}
              <a href={cause.href} onClick={onLinkClick}>
                {cause.text}
              </a>
            </span>
          ))}
        </li>
      )}
    </ul>
  );
}
