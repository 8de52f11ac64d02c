import { z } from 'zod';
import { parseMatcherText } from '../definition/matchers.js';

/** 1..20 text matchers, each checked (naming the bad one). */
export function matcherListOf(side: string) {
  return z
    .array(z.string().max(1200), {
      error: `must be a list of ${side} matchers such as ["severity=\\"critical\\""]`,
    })
    .min(1, { error: `must list at least one ${side} matcher` })
    .max(20)
    .superRefine((texts, ctx) => {
      texts.forEach((text, index) => {
        const parsed = parseMatcherText(text);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [index], message: parsed.message });
      });
    });
}
