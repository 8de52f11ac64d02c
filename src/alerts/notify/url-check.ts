/** Query parameter names that carry credentials: such URLs belong in a secret reference. */
const CREDENTIAL_PARAMETER = /token|secret|passw|api[-_]?key|^key$|^auth|signature|^sig$/i;
const MAX_URL_LENGTH = 2048;

/**
 * Why `text` cannot be a notification URL, or undefined when it can: http(s) only, no user or
 * password, no credential-looking query parameter. `showValue` is false for referenced URLs,
 * whose value is a secret and must not appear in a message.
 */
export function urlProblem(text: string, showValue: boolean): string | undefined {
  const given = showValue ? `, got ${JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text)}` : '';
  if (text.length > MAX_URL_LENGTH) return `must be a URL of at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an absolute http(s) URL such as https://hooks.example.org/vigia${given}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an http or https URL${given}`;
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo it: the password is right there.
    return 'must not contain a user or password; use a secret reference for credentials';
  }
  if (showValue) {
    for (const name of url.searchParams.keys()) {
      if (CREDENTIAL_PARAMETER.test(name)) {
        return `must not carry a credential in its query (parameter "${name}"); write the URL as a secret reference { env: NAME } instead`;
      }
    }
  }
  return undefined;
}

/** `https://hooks.example.org/vigia` from a URL: no query (it may carry ids) and no fragment. */
export function urlWithoutQuery(text: string): string {
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
