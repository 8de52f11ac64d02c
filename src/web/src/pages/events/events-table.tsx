import { onLinkClick } from '../../router.js';
import { incidentPath } from '../../routes.js';
import { formatTime } from '../../ui/format.js';
import { correlationIdOf, incidentIdOf, type LogEvent } from './event-log.js';
import { chainPath } from './events-query.js';
import { JsonView } from './json-view.js';

interface EventsTableProps {
  events: LogEvent[];
  /** Ids of the events shown opened. */
  opened: ReadonlySet<string>;
  onToggle(id: string): void;
}

/** Events in log order: time, type, stream and correlation id; a row opens to its data and metadata. */
export function EventsTable({ events, opened, onToggle }: EventsTableProps) {
  return (
    <div class="table-scroll">
      <table class="data events-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Type</th>
            <th scope="col">Stream</th>
            <th scope="col">Correlation id</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <EventRows key={event.id} event={event} open={opened.has(event.id)} onToggle={onToggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventRows({
  event,
  open,
  onToggle,
}: {
  event: LogEvent;
  open: boolean;
  onToggle(id: string): void;
}) {
  const correlationId = correlationIdOf(event);
  const detailsId = `event-${event.id}`;
  // A click anywhere on the row opens it, except on its links (which go where they say).
  const rowClick = (e: MouseEvent) => {
    if (!(e.target as Element).closest('a, button')) onToggle(event.id);
  };
  return (
    <>
      <tr class={open ? 'event-row open' : 'event-row'} onClick={rowClick}>
        <td>
          <button
            type="button"
            class="event-toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            onClick={() => onToggle(event.id)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>{' '}
            <time dateTime={event.time} title={event.time}>
              {formatTime(event.time)}
            </time>
            <span class="visually-hidden"> {event.type}: show data and metadata</span>
          </button>
        </td>
        <td>
          <code>{event.type}</code>
        </td>
        <td>
          <code>{event.streamId}</code>
        </td>
        <td>
          {correlationId ? (
            <a href={chainPath(correlationId)} onClick={onLinkClick} title="Follow this chain">
              {correlationId}
            </a>
          ) : (
            <span class="muted">—</span>
          )}
        </td>
      </tr>
      {open && (
        <tr class="event-details" id={detailsId}>
          <td colSpan={4}>
            <EventDetails event={event} />
          </td>
        </tr>
      )}
    </>
  );
}

function EventDetails({ event }: { event: LogEvent }) {
  const incident = incidentIdOf(event);
  return (
    <div class="event-details-body">
      <p class="muted">
        Position {event.position}
        {event.streamVersion !== undefined && <>, version {event.streamVersion} of its stream</>}, id{' '}
        <code>{event.id}</code>
        {incident && (
          <>
            {' · '}
            <a href={incidentPath(incident)} onClick={onLinkClick}>
              Open the incident
            </a>
          </>
        )}
      </p>
      <div class="event-json">
        <section>
          <h3>Data</h3>
          <JsonView value={event.data} />
        </section>
        <section>
          <h3>Metadata</h3>
          <JsonView value={event.metadata} />
        </section>
      </div>
    </div>
  );
}
