import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { type ConfigKind, resourcePath } from './config-kinds.js';
import { silenceState } from './kind-columns.js';
import type { StoredDocument } from './resource-client.js';

/**
 * What operators may do to a document besides editing it: pause or resume a monitor (also one
 * from the configuration file), expire a silence now.
 */
export function KindActions({
  kind,
  doc,
  onDone,
}: {
  kind: ConfigKind;
  doc: StoredDocument;
  onDone: () => void;
}) {
  const canOperate = useCan('operator');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `${resourcePath(kind, doc.id)}/${action}`);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  let action: { name: string; label: string } | undefined;
  if (kind.slug === 'monitors') {
    action = doc.paused === true ? { name: 'resume', label: 'Resume' } : { name: 'pause', label: 'Pause' };
  } else if (kind.slug === 'silences' && silenceState(doc, Date.now()) !== 'expired') {
    action = { name: 'expire', label: 'Expire now' };
  }
  if (!canOperate || !action) return null;
  const { name, label } = action;
  return (
    <>
      <button type="button" disabled={busy} onClick={() => run(name)}>
        {label}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
