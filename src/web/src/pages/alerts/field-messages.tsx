/** The server's messages about one field, shown beside it (the field points here with aria-describedby). */
export function FieldMessages({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} class="field-error">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

/** The `aria-describedby` of a field: its messages' id when there are any. */
export function describedBy(id: string, messages: string[]): string | undefined {
  return messages.length > 0 ? id : undefined;
}
