import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';
import type { MonitorRow } from './monitor-rows.js';

/** "Check now" and "Pause" / "Resume" for one monitor (operators only: the caller leaves it out otherwise). */
export function MonitorActions({
  monitor,
  onDone,
}: {
  monitor: MonitorRow;
  onDone: (message: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const paused = monitor.status === 'paused';
  const act = async (action: 'check' | 'pause' | 'resume') => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/monitors/${encodeURIComponent(monitor.monitorId)}/${action}`);
      onDone(
        action === 'check'
          ? `A check of ${monitor.monitor} was asked for; its result shows in a moment.`
          : `${monitor.monitor} is ${action === 'pause' ? 'paused' : 'resumed'}.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="monitor-actions">
      {!paused && (
        <button
          type="button"
          disabled={busy}
          onClick={() => act('check')}
          aria-label={`Check now: ${monitor.monitor}`}
        >
          Check now
        </button>
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() => act(paused ? 'resume' : 'pause')}
        aria-label={`${paused ? 'Resume' : 'Pause'}: ${monitor.monitor}`}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
