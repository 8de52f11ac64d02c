/** The value a user gave, short enough for a message (only for documents that hold no secrets). */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A zod error callback: "`expectation`, got <value>", or "is required" when the field is missing. */
export function expected(expectation: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `is required (${expectation.replace(/^must be /, '')})`
      : `${expectation}, got ${shown(issue.input)}`;
}
