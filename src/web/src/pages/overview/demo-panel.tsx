import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';

interface DemoView {
  faults: string[];
  services: Array<{ name: string; reachable: boolean; fault: string | null }>;
}

/**
 * The demo fleet, when it runs: which simulated service has a fault on, and (for operators) a way
 * to break one and watch the alert, the diagnosis and the healing arrive. Hidden without the demo.
 */
export function DemoPanel() {
  const demo = useApi('demo', () =>
    api<DemoView>('GET', '/api/demo').catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null; // no demo running
      throw e;
    }),
  );
  const canAct = useCan('operator');
  const [service, setService] = useState('db');
  const [fault, setFault] = useState('down');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();

  if (demo.data === null || (!demo.data && !demo.error)) return null;
  const switchOn = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/api/demo/faults', { service, fault });
      setDone(
        `Fault "${fault}" switched on at ${service}. Watch the alert, the diagnosis and the healing arrive.`,
      );
      demo.reload();
    } catch (e) {
      setError(e);
    }
  };
  const reset = async () => {
    setError(undefined);
    try {
      await api('POST', '/api/demo/reset');
      setDone('Every demo service is back to normal.');
      demo.reload();
    } catch (e) {
      setError(e);
    }
  };
  const services = demo.data?.services ?? [];
  return (
    <section aria-labelledby="demo" class="panel demo">
      <h2 id="demo">Demo fleet</h2>
      <ErrorMessage error={demo.error ?? error} />
      <p>
        {services
          .map((s) => `${s.name}${s.fault ? ` (${s.fault})` : ''}${s.reachable ? '' : ' (not answering)'}`)
          .join(' · ')}
      </p>
      {canAct && (
        <form class="inline-form" onSubmit={switchOn}>
          <label>
            Service
            <select value={service} onChange={(e) => setService(e.currentTarget.value)}>
              {services.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Fault
            <select value={fault} onChange={(e) => setFault(e.currentTarget.value)}>
              {(demo.data?.faults ?? []).map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Inject fault</button>
          <button type="button" onClick={reset}>
            Reset all
          </button>
        </form>
      )}
      {done && <p role="status">{done}</p>}
    </section>
  );
}
