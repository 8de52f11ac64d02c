import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import type { AlertRuleView, BacktestResult } from './alert-types.js';
import { loadAllPages } from './load-all-pages.js';
import { backtestRequest, conditionSummary, TEST_RANGES, type TestRangeId } from './rule-model.js';
import { RuleTestResult } from './rule-test-result.js';

interface TestRun {
  result?: BacktestResult;
  error?: unknown;
}

/** The Rules tab: every alert rule with its condition; operators test one against the recorded history. */
export function RulesPanel() {
  const canTest = useCan('operator');
  const rules = useApi('alert-rules', () =>
    loadAllPages<AlertRuleView>('/api/alert-rules', (url) => api('GET', url)),
  );
  useLiveReload(['alerts.rule_'], rules.reload);
  const [range, setRange] = useState<TestRangeId>('24h');
  const [runs, setRuns] = useState<Record<string, TestRun>>({});

  const test = async (rule: AlertRuleView) => {
    setRuns((r) => ({ ...r, [rule.id]: {} }));
    try {
      const result = await api<BacktestResult>(
        'POST',
        '/api/alert-rules/test',
        backtestRequest(rule.id, range, Date.now()),
      );
      setRuns((r) => ({ ...r, [rule.id]: { result } }));
    } catch (error) {
      setRuns((r) => ({ ...r, [rule.id]: { error } }));
    }
  };

  const sorted = [...(rules.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const columns = canTest ? 7 : 6;
  return (
    <>
      <h2>Rules</h2>
      {canTest && (
        <label class="test-range">
          Test against{' '}
          <select value={range} onChange={(e) => setRange(e.currentTarget.value as TestRangeId)}>
            {TEST_RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <ErrorMessage error={rules.error} />
      {!rules.data && !rules.error && <p aria-busy="true">Loading rules…</p>}
      {rules.data && sorted.length === 0 && <p>There is no alert rule.</p>}
      {sorted.length > 0 && (
        <div class="table-scroll">
          <table class="rules-list">
            <caption class="visually-hidden">Alert rules</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Condition</th>
                <th scope="col">Severity</th>
                <th scope="col">For</th>
                <th scope="col">Enabled</th>
                <th scope="col">Managed by</th>
                {canTest && <th scope="col">Dry run</th>}
              </tr>
            </thead>
            <tbody>
              {sorted.map((rule) => {
                const run = runs[rule.id];
                return [
                  <tr key={rule.id}>
                    <td>
                      <strong>{rule.name}</strong>
                      {rule.description && <div class="muted">{rule.description}</div>}
                    </td>
                    <td>
                      <span class="kind">{rule.condition.kind}</span>
                      <div>
                        <code>{conditionSummary(rule.condition)}</code>
                      </div>
                    </td>
                    <td>
                      <span class={`severity severity-${rule.severity}`}>{rule.severity}</span>
                    </td>
                    <td>{rule.for ?? '0s'}</td>
                    <td>{rule.enabled === false ? 'disabled' : 'enabled'}</td>
                    <td>{rule.managedBy === 'config' ? 'configuration file' : 'API'}</td>
                    {canTest && (
                      <td>
                        <button
                          type="button"
                          onClick={() => test(rule)}
                          disabled={run !== undefined && !run.result && !run.error}
                        >
                          Test against history<span class="visually-hidden">: {rule.name}</span>
                        </button>
                      </td>
                    )}
                  </tr>,
                  run && (
                    <tr key={`${rule.id}-test`} class="test-row">
                      <td colSpan={columns}>
                        <RuleTestResult ruleName={rule.name} result={run.result} error={run.error} />
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
