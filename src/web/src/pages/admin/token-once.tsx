import { useRef, useState } from 'preact/hooks';
import type { CreatedToken } from './token-model.js';

/**
 * A token just created, shown this once: the only copy of its secret outside the caller lives
 * in the state of the section that shows this box, so "Done" or leaving the page forgets it.
 */
export function TokenOnce({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | undefined>();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for the keyboard.
      field.current?.focus();
      field.current?.select();
      setCopied('The token is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  };

  return (
    <section class="admin-token-once" aria-labelledby="admin-token-once-title">
      <h3 id="admin-token-once-title">Token “{created.info.name}” created</h3>
      <p>
        <strong>This is the only time the token is shown.</strong> Copy it now and keep it somewhere safe:
        Vigia keeps only a hash of it. Scripts send it as <code>Authorization: Bearer …</code>.
      </p>
      <label>
        <span>Token</span>
        <input
          ref={field}
          readOnly
          value={created.token}
          spellcheck={false}
          autocomplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <div class="admin-actions">
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done, I stored it
        </button>
      </div>
      {copied && <p role="status">{copied}</p>}
    </section>
  );
}
