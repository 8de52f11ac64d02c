import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../../ui/error-message.js';

/**
 * A button that asks before it acts, in place (no window.confirm): the first press shows the
 * question with a confirm and a cancel button; the confirm runs `onConfirm` and shows its error.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  warning,
  danger = false,
  onConfirm,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  /** Said above the question in warning colours (e.g. the action logs the admin out). */
  warning?: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setAsking(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!asking) {
    return (
      <button type="button" class={danger ? 'admin-danger' : undefined} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <fieldset class="admin-confirm">
      <legend class="visually-hidden">{label}</legend>
      {warning && <p class="admin-warning">{warning}</p>}
      <p>{question}</p>
      <div class="admin-actions">
        <button
          type="button"
          ref={confirmRef}
          class={danger ? 'admin-danger' : undefined}
          disabled={busy}
          onClick={confirm}
        >
          {confirmLabel}
        </button>
        <button type="button" disabled={busy} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={error} />
    </fieldset>
  );
}
