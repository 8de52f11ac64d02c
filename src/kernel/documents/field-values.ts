/** A short, quoted rendering of a value a user gave, for error messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A zod error function: "is required" when absent, else "must be <what>, got <value>". */
export function expected(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is required (${what})` : `must be ${what}, got ${show(issue.input)}`;
}
