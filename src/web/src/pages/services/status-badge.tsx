/** A status as a coloured dot and the word (the colour is never the only sign). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`status status-${status}`}>
      <span class="status-dot" aria-hidden="true" />
      {status}
    </span>
  );
}
