import { z } from 'zod';
import { hasControlCharacter } from './control-characters.js';
import { addSecretRefIssues, expected, jsonSchemaOverrides } from './schema-fields.js';
import { secretRefJsonSchema } from './secret-ref.js';
import { shown } from './shown.js';

const MAX_HEADERS = 20;
const MAX_VALUE_LENGTH = 1000;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** Headers that carry credentials: refused outright (the brief: authenticate with `secret`). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/** Headers Vigia sets itself or that HTTP manages: a receiver may not override them. */
const MANAGED_HEADERS = new Set([
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'host',
  'user-agent',
  'idempotency-key',
  'set-cookie',
  'expect',
  'upgrade',
  'keep-alive',
  'te',
  'trailer',
]);
/** Names that suggest a secret value, which must then be a reference. */
const SECRET_LOOKING = /token|secret|passw|api-?key|auth|signature/i;

function checkHeader(name: string, value: unknown, ctx: z.RefinementCtx): void {
  const lower = name.toLowerCase();
  const path = [name];
  if (!TOKEN.test(name)) {
    ctx.addIssue({ code: 'custom', path, message: `is not a valid HTTP header name (got ${shown(name)})` });
  } else if (CREDENTIAL_HEADERS.has(lower)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'is not allowed: authenticate with `secret` (an HMAC key, sent as x-vigia-signature)',
    });
  } else if (MANAGED_HEADERS.has(lower) || lower.startsWith('x-vigia-')) {
    ctx.addIssue({ code: 'custom', path, message: 'is set by Vigia and cannot be overridden' });
  } else if (typeof value === 'string') {
    if (SECRET_LOOKING.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: 'looks like a credential: give it as a secret reference { env: NAME } or { file: /path }',
      });
    } else if (value.length > MAX_VALUE_LENGTH) {
      ctx.addIssue({ code: 'custom', path, message: `must be at most ${MAX_VALUE_LENGTH} characters` });
    } else if (hasControlCharacter(value, true)) {
      ctx.addIssue({ code: 'custom', path, message: 'must not contain line breaks or control characters' });
    }
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    addSecretRefIssues(value, ctx, path);
  } else {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `must be a string or a secret reference, got ${shown(value)}`,
    });
  }
}

/** `headers:` of a webhook receiver: extra request headers, credentials only as secret references. */
export const headersSchema = z
  .record(z.string(), z.unknown(), { error: expected('a map of header names to values') })
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > MAX_HEADERS) {
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${MAX_HEADERS} headers, got ${names.length}`,
      });
    }
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'repeats a header name (names ignore case)' });
      }
      seen.add(name.toLowerCase());
      checkHeader(name, headers[name], ctx);
    }
  });

jsonSchemaOverrides.set(headersSchema, {
  type: 'object',
  maxProperties: MAX_HEADERS,
  propertyNames: { pattern: TOKEN.source },
  additionalProperties: { anyOf: [{ type: 'string', maxLength: MAX_VALUE_LENGTH }, secretRefJsonSchema] },
});
