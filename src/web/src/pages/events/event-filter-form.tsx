import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../../router.js';
import { isoToLocalInput, localInputToIso } from '../../ui/local-time.js';
import {
  type EventFilters,
  eventsPath,
  QUICK_RANGES,
  splitPrefixes,
  withLastMinutes,
} from './events-query.js';

interface FormValues {
  types: string;
  streams: string;
  since: string;
  until: string;
  correlationId: string;
  after: string;
}

function valuesOf(filters: EventFilters): FormValues {
  return {
    types: filters.types.join(', '),
    streams: filters.streams.join(', '),
    since: isoToLocalInput(filters.since),
    until: isoToLocalInput(filters.until),
    correlationId: filters.correlationId,
    after: filters.after,
  };
}

/** The explorer's filters as a form: applying one puts it in the address (so reload and back keep it). */
export function EventFilterForm({ filters }: { filters: EventFilters }) {
  const [values, setValues] = useState(() => valuesOf(filters));
  const shown = eventsPath({ ...filters, open: '' });
  useEffect(() => setValues(valuesOf(filters)), [shown]);

  const field = (name: keyof FormValues) => ({
    name,
    value: values[name],
    onInput: (e: Event) => {
      const value = (e.currentTarget as HTMLInputElement).value;
      setValues((v) => ({ ...v, [name]: value }));
    },
  });
  const apply = (e: Event) => {
    e.preventDefault();
    const next: EventFilters = {
      types: splitPrefixes([values.types]),
      streams: splitPrefixes([values.streams]),
      since: localInputToIso(values.since),
      until: localInputToIso(values.until),
      correlationId: values.correlationId.trim(),
      after: values.after.trim(),
      open: '',
    };
    navigate(eventsPath(next), { replace: true });
  };

  return (
    <form class="event-filters" onSubmit={apply} aria-label="Filters">
      <label>
        Type prefix
        <input {...field('types')} placeholder="monitor., alerts." autoComplete="off" />
      </label>
      <label>
        Stream prefix
        <input {...field('streams')} placeholder="remediation-" autoComplete="off" />
      </label>
      <label>
        Correlation id
        <input {...field('correlationId')} maxLength={200} autoComplete="off" />
      </label>
      <label>
        Since
        <input type="datetime-local" step={1} {...field('since')} />
      </label>
      <label>
        Until
        <input type="datetime-local" step={1} {...field('until')} />
      </label>
      <label>
        After position
        <input {...field('after')} inputMode="numeric" pattern="(\d{1,20}\.)?\d{1,16}" autoComplete="off" />
      </label>
      <div class="event-filter-actions">
        <button type="submit">Apply filters</button>
        <button type="button" onClick={() => navigate('/events', { replace: true })}>
          Clear
        </button>
      </div>
      <fieldset class="quick-ranges">
        <legend>Quick range</legend>
        {QUICK_RANGES.map((range) => (
          <button
            key={range.minutes}
            type="button"
            onClick={() =>
              navigate(eventsPath(withLastMinutes(filters, range.minutes, Date.now())), { replace: true })
            }
          >
            {range.label}
          </button>
        ))}
      </fieldset>
    </form>
  );
}
