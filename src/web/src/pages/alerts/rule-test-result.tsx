import { ErrorMessage } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import type { BacktestResult } from './alert-types.js';
import { firingSpans } from './rule-model.js';

/** What a rule's dry run found: when it would have fired and resolved, or that it would not have fired. */
export function RuleTestResult(props: { ruleName: string; result?: BacktestResult; error?: unknown }) {
  const { result, error } = props;
  if (error) return <ErrorMessage error={error} />;
  if (!result) return <p aria-busy="true">Testing {props.ruleName} against the recorded history…</p>;
  const spans = firingSpans(result);
  const range = `from ${formatTime(result.from)} to ${formatTime(result.to)}`;
  const read = `${result.samples} samples of ${result.series} series read`;
  return (
    <div class="rule-test" role="status">
      {spans.length === 0 ? (
        <p>
          <strong>{props.ruleName} would not have fired</strong> {range} ({read}).
        </p>
      ) : (
        <>
          <p>
            <strong>
              {props.ruleName} would have fired {result.fired} {result.fired === 1 ? 'time' : 'times'}
            </strong>{' '}
            {range} ({read}).
          </p>
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">When {props.ruleName} would have fired</caption>
              <thead>
                <tr>
                  <th scope="col">Series</th>
                  <th scope="col">Fired</th>
                  <th scope="col">Value</th>
                  <th scope="col">Resolved</th>
                </tr>
              </thead>
              <tbody>
                {spans.map((span) => (
                  <tr key={`${span.series} ${span.firedAt}`}>
                    <td>{span.series || '—'}</td>
                    <td>{formatTime(span.firedAt)}</td>
                    <td>{span.value ?? '—'}</td>
                    <td>{span.resolvedAt ? formatTime(span.resolvedAt) : 'still firing at the end'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {result.truncated && <p>The history was too long to read in full: only its start was tested.</p>}
    </div>
  );
}
