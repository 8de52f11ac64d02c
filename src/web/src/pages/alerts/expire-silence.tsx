import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';

/** The Expire button of an active silence, asking "Expire now? Yes / No" in place before it ends it. */
export function ExpireSilence(props: { silenceId: string; name: string; onExpired: () => void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  const expire = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/silences/${encodeURIComponent(props.silenceId)}/expire`);
      setAsking(false);
      props.onExpired();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="expire">
      {asking ? (
        <span>
          Expire now?{' '}
          <button type="button" ref={yes} disabled={busy} onClick={expire}>
            Yes<span class="visually-hidden">, expire the silence of {props.name}</span>
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            No<span class="visually-hidden">, keep the silence of {props.name}</span>
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Expire<span class="visually-hidden"> the silence of {props.name}</span>
        </button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
