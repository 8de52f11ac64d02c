import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../../router.js';
import { type IncidentFilters, incidentsPath } from './incidents-query.js';
import { isRemediationPhase, STATUS_FILTERS, statusLabel } from './remediation-status.js';

/** The incidents list's filters; applying them puts them in the address. */
export function IncidentFilterForm({ filters }: { filters: IncidentFilters }) {
  const [values, setValues] = useState(filters);
  useEffect(() => setValues(filters), [incidentsPath(filters)]);
  const apply = (e: Event) => {
    e.preventDefault();
    navigate(incidentsPath({ ...values, rule: values.rule.trim(), target: values.target.trim() }), {
      replace: true,
    });
  };
  return (
    <form class="inline-form incident-filters" onSubmit={apply} aria-label="Filters">
      <label>
        Remediation
        <select
          value={values.status}
          onChange={(e) => {
            const status = e.currentTarget.value;
            setValues((v) => ({ ...v, status: isRemediationPhase(status) ? status : '' }));
          }}
        >
          <option value="">Every incident</option>
          {STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Alert rule
        <input
          value={values.rule}
          maxLength={100}
          onInput={(e) => {
            const rule = e.currentTarget.value;
            setValues((v) => ({ ...v, rule }));
          }}
        />
      </label>
      <label>
        Service
        <input
          value={values.target}
          maxLength={100}
          onInput={(e) => {
            const target = e.currentTarget.value;
            setValues((v) => ({ ...v, target }));
          }}
        />
      </label>
      <button type="submit">Apply filters</button>
      <button type="button" onClick={() => navigate('/incidents', { replace: true })}>
        Clear
      </button>
    </form>
  );
}
