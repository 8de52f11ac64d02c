import { jsonTokens } from './json-tokens.js';

/** A JSON value, indented, with keys, strings, numbers, booleans and null in their own colours. */
export function JsonView({ value }: { value: unknown }) {
  return (
    <pre class="json-view">
      {jsonTokens(value).map((token, i) =>
        token.kind === 'space' || token.kind === 'punctuation' ? (
          token.text
        ) : (
          <span key={i} class={`json-${token.kind}`}>
            {token.text}
          </span>
        ),
      )}
    </pre>
  );
}
