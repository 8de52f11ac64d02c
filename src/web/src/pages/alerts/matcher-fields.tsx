import { describedBy, FieldMessages } from './field-messages.js';
import { ownFieldErrors } from './own-field-errors.js';
import { MATCH_OPERATORS, type MatcherRow, type MatchOperator } from './silence-form-model.js';

/**
 * The editable matcher list of a silence: name, operator and value per row, rows added and
 * removed; the server's messages beside the row they are about, and about the list below it.
 */
export function MatcherFields(props: {
  rows: MatcherRow[];
  error: unknown;
  onChange: (rows: MatcherRow[]) => void;
}) {
  const { rows, error, onChange } = props;
  const update = (index: number, change: Partial<MatcherRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const listErrors = ownFieldErrors(error, 'body.matchers');
  return (
    <fieldset class="matchers" aria-describedby={describedBy('silence-matchers-error', listErrors)}>
      <legend>Matchers</legend>
      <p class="hint">The silence mutes alerts whose labels match every row.</p>
      {rows.map((row, index) => {
        const n = index + 1;
        const rowErrors = ownFieldErrors(error, `body.matchers[${index}]`);
        const errorId = `silence-matcher-${n}-error`;
        return (
          <div class="matcher-row" key={index}>
            <label>
              Label<span class="visually-hidden"> of matcher {n}</span>
              <input
                value={row.name}
                autoComplete="off"
                aria-invalid={rowErrors.length > 0}
                aria-describedby={describedBy(errorId, rowErrors)}
                onInput={(e) => update(index, { name: e.currentTarget.value })}
              />
            </label>
            <label>
              Operator<span class="visually-hidden"> of matcher {n}</span>
              <select
                value={row.op}
                onChange={(e) => update(index, { op: e.currentTarget.value as MatchOperator })}
              >
                {MATCH_OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Value<span class="visually-hidden"> of matcher {n}</span>
              <input
                value={row.value}
                autoComplete="off"
                aria-invalid={rowErrors.length > 0}
                aria-describedby={describedBy(errorId, rowErrors)}
                onInput={(e) => update(index, { value: e.currentTarget.value })}
              />
            </label>
            <button
              type="button"
              class="remove"
              aria-label={`Remove matcher ${n}`}
              disabled={rows.length === 1}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              Remove
            </button>
            <FieldMessages id={errorId} messages={rowErrors} />
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, { name: '', op: '=', value: '' }])}>
        Add matcher
      </button>
      <FieldMessages id="silence-matchers-error" messages={listErrors} />
    </fieldset>
  );
}
