/** The longest `detail` an attempt reports: it goes into events, which are kept forever. */
export const DETAIL_MAX_CHARS = 2_000;

/** True for C0 control characters other than tab and line feed, and DEL. */
function isUnwanted(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f;
}

/**
 * `text` made safe to store: control characters (NUL breaks PostgreSQL JSON, escapes confuse
 * terminals) become `?`, and what is beyond `maxChars` is cut and marked with `…`.
 */
export function cleanExcerpt(text: string, maxChars = DETAIL_MAX_CHARS): string {
  let clean = '';
  for (const char of text) clean += isUnwanted(char.charCodeAt(0)) ? '?' : char;
  return clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}…` : clean;
}

/** `head: excerpt` cut to DETAIL_MAX_CHARS, or only `head` when there is nothing to quote. */
export function detailWith(head: string, excerpt: string): string {
  const trimmed = excerpt.trim();
  return cleanExcerpt(trimmed.length === 0 ? head : `${head}: ${trimmed}`);
}

/** `connect ECONNREFUSED 127.0.0.1:9`, with the error code when the message lacks it. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
