/** The result of reading a JSON text typed into a field. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads a JSON text; when it is not valid, says where, the same way in every browser:
 * `not valid JSON at line 3, column 1: expected a property name in double quotes`.
 */
export function readJsonText(text: string): JsonRead {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const found = locateJsonError(text);
    if (!found) return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
    const { line, column } = lineAndColumn(text, found.offset);
    return { ok: false, message: `not valid JSON at line ${line}, column ${column}: ${found.problem}` };
  }
}

/** Line and column (both from 1) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

/** Where the first syntax error of a JSON text is, and what was expected there; undefined when it is valid. */
export function locateJsonError(text: string): { offset: number; problem: string } | undefined {
  let at = 0;
  const fail = (problem: string): never => {
    throw new JsonSyntaxError(at, problem);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const word = (literal: string) => {
    if (text.slice(at, at + literal.length) !== literal) fail(`expected ${literal}`);
    at += literal.length;
  };
  const string = () => {
    at++; // the opening quote
    for (;;) {
      if (at >= text.length) fail('the text in quotes is not closed');
      const char = text[at] as string;
      if (char === '"') {
        at++;
        return;
      }
      if (char < ' ') fail('a line break or control character inside quotes (write \\n)');
      if (char === '\\') {
        at++;
        const escaped = text[at];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail('expected 4 hex digits after \\u');
          at += 5;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) at++;
        else fail('not a valid escape after \\');
      } else at++;
    }
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match || match[0] === '-') fail('expected a number');
    at += match![0].length;
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === undefined) fail('the text ends where a value was expected');
    else if (char === '{') object();
    else if (char === '[') array();
    else if (char === '"') string();
    else if (char === 't') word('true');
    else if (char === 'f') word('false');
    else if (char === 'n') word('null');
    else if (char === '-' || (char >= '0' && char <= '9')) number();
    else if (char === "'") fail('texts must be in double quotes');
    else fail('expected a value (text in double quotes, number, true, false, null, [ or {)');
  };
  const object = () => {
    at++;
    skipSpace();
    if (text[at] === '}') {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"')
        fail(text[at] === '}' ? 'a comma before } (remove it)' : 'expected a property name in double quotes');
      string();
      skipSpace();
      if (text[at] !== ':') fail('expected : after the property name');
      at++;
      value();
      skipSpace();
      if (text[at] === ',') at++;
      else if (text[at] === '}') {
        at++;
        return;
      } else fail(at >= text.length ? 'the text ends before the closing }' : 'expected , or }');
    }
  };
  const array = () => {
    at++;
    skipSpace();
    if (text[at] === ']') {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[at] === ']') fail('a comma before ] (remove it)');
      value();
      skipSpace();
      if (text[at] === ',') at++;
      else if (text[at] === ']') {
        at++;
        return;
      } else fail(at >= text.length ? 'the text ends before the closing ]' : 'expected , or ]');
    }
  };
  try {
    value();
    skipSpace();
    if (at < text.length) fail('more text after the value');
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, problem: error.problem };
    throw error;
  }
}
