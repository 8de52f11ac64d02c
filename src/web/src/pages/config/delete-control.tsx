import { useState } from 'preact/hooks';
import { ErrorMessage } from '../../ui/error-message.js';

/** A Delete button that asks again in place before deleting, and shows why a delete was refused. */
export function DeleteControl({ what, onDelete }: { what: string; onDelete: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onDelete();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    <fieldset class="delete-confirm">
      <legend>Delete {what}? This cannot be undone.</legend>
      <button type="button" class="danger" onClick={confirm} disabled={busy}>
        {busy ? 'Deleting…' : 'Yes, delete'}
      </button>
      <button
        type="button"
        onClick={() => {
          setAsking(false);
          setError(undefined);
        }}
        disabled={busy}
      >
        Keep it
      </button>
      <ErrorMessage error={error} />
    </fieldset>
  );
}
