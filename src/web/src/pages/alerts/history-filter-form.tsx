import { useState } from 'preact/hooks';
import { SEVERITIES } from './alert-types.js';
import type { HistoryFilters } from './history-filters.js';

/**
 * The History tab's filters: severity, service, rule and a time range, applied with a button.
 * It starts from `filters`: give it a `key` from them, so it follows the address (back button).
 */
export function HistoryFilterForm(props: {
  filters: HistoryFilters;
  onApply: (filters: HistoryFilters) => void;
}) {
  const [draft, setDraft] = useState(props.filters);
  const set = (change: Partial<HistoryFilters>) => setDraft((d) => ({ ...d, ...change }));
  const none: HistoryFilters = { severity: '', service: '', rule: '', from: '', to: '' };
  return (
    <form
      class="history-filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(draft);
      }}
    >
      <label>
        Severity
        <select
          value={draft.severity}
          onChange={(e) => set({ severity: e.currentTarget.value as HistoryFilters['severity'] })}
        >
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Service
        <input
          value={draft.service}
          maxLength={100}
          onInput={(e) => set({ service: e.currentTarget.value })}
        />
      </label>
      <label>
        Rule
        <input value={draft.rule} maxLength={100} onInput={(e) => set({ rule: e.currentTarget.value })} />
      </label>
      <label>
        From
        <input
          type="datetime-local"
          value={draft.from}
          onInput={(e) => set({ from: e.currentTarget.value })}
        />
      </label>
      <label>
        To
        <input type="datetime-local" value={draft.to} onInput={(e) => set({ to: e.currentTarget.value })} />
      </label>
      <div class="buttons">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setDraft(none);
            props.onApply(none);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
