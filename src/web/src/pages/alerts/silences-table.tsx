import { formatTime } from '../../ui/format.js';
import { actorName } from './actor-name.js';
import { ExpireSilence } from './expire-silence.js';
import type { SilenceWithState } from './silence-list-model.js';

/**
 * Silences in a table: matchers, author, comment, start, end and state; with `onExpired`,
 * active and pending ones have an Expire button (operators).
 */
export function SilencesTable(props: {
  caption: string;
  silences: SilenceWithState[];
  onExpired?: () => void;
}) {
  const { onExpired } = props;
  return (
    <div class="table-scroll">
      <table class="silences-list">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Matchers</th>
            <th scope="col">Created by</th>
            <th scope="col">Comment</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">State</th>
            {onExpired && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.silences.map((silence) => (
            <tr key={silence.id}>
              <td>
                <ul class="matcher-list">
                  {silence.matchers.map((m) => (
                    <li key={m}>
                      <code>{m}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td>{silence.createdBy ? actorName(silence.createdBy) : '—'}</td>
              <td class="comment">{silence.comment}</td>
              <td>
                <time dateTime={silence.startsAt}>{formatTime(silence.startsAt)}</time>
              </td>
              <td>
                <time dateTime={silence.endsAt}>{formatTime(silence.endsAt)}</time>
              </td>
              <td>
                <span class={`silence-state silence-${silence.state}`}>{silence.state}</span>
              </td>
              {onExpired && (
                <td>
                  {silence.state !== 'expired' && (
                    <ExpireSilence
                      silenceId={silence.id}
                      name={silence.matchers.join(', ')}
                      onExpired={onExpired}
                    />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
