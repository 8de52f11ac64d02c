import { z } from 'zod';
import { type CompiledMatcher, matchesEverything, parseMatcherText } from '../../kernel/index.js';
import { expected } from './document-fields.js';

const MAX_MATCHERS = 20;
const LIST_EXPECTED = `must be a list of 1..${MAX_MATCHERS} matchers such as ['service="api"']`;

/**
 * A list of 1..20 text matchers (`service="api"`), each checked under its own index. With
 * `selective`, the list as a whole must not match every alert: a mute must say what it mutes.
 */
export function matcherListField(options: { documentKind: string; selective: boolean }) {
  return z
    .array(z.string({ error: expected('must be a matcher such as service="api"') }).max(1200), {
      error: expected(LIST_EXPECTED),
    })
    .min(1, { error: expected(LIST_EXPECTED) })
    .max(MAX_MATCHERS, { error: expected(LIST_EXPECTED) })
    .superRefine((texts, ctx) => {
      const compiled: CompiledMatcher[] = [];
      texts.forEach((text, index) => {
        const parsed = parseMatcherText(text);
        if (parsed.ok) compiled.push(parsed.matcher);
        else ctx.addIssue({ code: 'custom', path: [index], message: parsed.message, input: text });
      });
      const complete = texts.length > 0 && compiled.length === texts.length;
      if (options.selective && complete && matchesEverything(compiled)) {
        ctx.addIssue({
          code: 'custom',
          input: texts,
          message:
            `match every alert (even one without labels), got ${JSON.stringify(texts)}: ` +
            `${options.documentKind} must name what it mutes with a matcher that needs a label value, such as service="api"`,
        });
      }
    });
}

/** Compiles matchers that were checked when their document was parsed; undefined if one no longer compiles. */
export function compileMatcherTexts(texts: ReadonlyArray<string>): CompiledMatcher[] | undefined {
  const compiled: CompiledMatcher[] = [];
  for (const text of texts) {
    const parsed = parseMatcherText(text);
    if (!parsed.ok) return undefined;
    compiled.push(parsed.matcher);
  }
  return compiled;
}
