import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';
import type { AlertView } from './alert-types.js';

/**
 * What an operator does with an active alert: acknowledge it or withdraw the acknowledgement,
 * and open the silence form. Failures show beside the buttons, in the server's words.
 */
export function AlertActions(props: {
  alert: AlertView;
  onChanged: () => void;
  onSilence: (alert: AlertView) => void;
}) {
  const { alert } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const name = `${alert.ruleName}${alert.service ? ` on ${alert.service}` : ''}`;
  const post = async (action: 'ack' | 'unack') => {
    setBusy(true);
    setError(undefined);
    try {
      await api(
        'POST',
        `/api/alerts/${encodeURIComponent(alert.alertId)}/${action}`,
        action === 'ack' ? {} : undefined,
      );
      props.onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="alert-actions">
      {alert.acknowledged ? (
        <button type="button" disabled={busy} onClick={() => post('unack')}>
          Withdraw acknowledgement<span class="visually-hidden"> of {name}</span>
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => post('ack')}>
          Acknowledge<span class="visually-hidden"> {name}</span>
        </button>
      )}
      <button type="button" onClick={() => props.onSilence(alert)}>
        Silence…<span class="visually-hidden"> {name}</span>
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
