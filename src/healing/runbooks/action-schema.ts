import { z } from 'zod';
import { compileActionTemplate } from '../definition/action-template.js';
import { boundedDuration, expected, identifierList, show } from '../definition/document-fields.js';
import { ACTION_KINDS, HTTP_METHODS } from './runbook-types.js';

/**
 * The `action:` of a runbook step: one schema per kind, told apart by `kind`. Everything an
 * alert's labels can reach is a template rendered with an encoding that keeps values values;
 * the checks here make sure each template sits where that encoding protects it.
 */

export const MAX_URL_LENGTH = 2000;
export const MAX_BODY_LENGTH = 16_000;
const MAX_ARG_LENGTH = 1000;
const MAX_MESSAGE_LENGTH = 2000;

/** A template text; `check` adds what the place it is used in requires. */
function template(what: string, maxLength: number, check?: (text: string, context: z.RefinementCtx) => void) {
  return z.string({ error: expected(what) }).superRefine((text, context) => {
    const compiled = compileActionTemplate(text, maxLength);
    if (!compiled.ok) {
      context.addIssue({ code: 'custom', message: `is not a valid template: ${compiled.message}` });
      return;
    }
    check?.(text, context);
  });
}

const CREDENTIALS = 'must not hold credentials (user:password@); runbooks are stored in the event log';

/**
 * What is wrong with a URL template, if anything: it must be http(s) with its scheme and host
 * written out, so an alert's labels only reach the port, path and query (where they are
 * percent-encoded), and hold no credentials.
 */
export function urlProblem(text: string): string | undefined {
  const scheme = /^https?:\/\//i.exec(text);
  if (!scheme) return `must start with http:// or https://, got ${show(text)}`;
  const authority = text.slice(scheme[0].length).split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@')) return CREDENTIALS;
  const host = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.split(':')[0];
  if (!host || host.includes('{{')) {
    return `must name its host literally (only the port, path and query may be templates), got ${show(text)}`;
  }
  const compiled = compileActionTemplate(text, MAX_URL_LENGTH);
  if (!compiled.ok) return `is not a valid template: ${compiled.message}`;
  let url: URL;
  try {
    url = new URL(compiled.template.fill(() => '1'));
  } catch {
    return `is not a valid URL, got ${show(text)}`;
  }
  if (url.username !== '' || url.password !== '') return CREDENTIALS;
  return undefined;
}

const url = template(
  'an http(s) URL such as https://ops.example/restart',
  MAX_URL_LENGTH,
  (text, context) => {
    const problem = urlProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  },
);

/** Every placeholder of a body must sit inside a JSON string, where values are JSON-escaped. */
const body = template(
  'a JSON document such as {"service":"{{ labels.service }}"}',
  MAX_BODY_LENGTH,
  (text, context) => {
    const compiled = compileActionTemplate(text, MAX_BODY_LENGTH);
    if (!compiled.ok) return;
    try {
      // A placeholder outside a string renders as a bare `x`, which is never valid JSON.
      JSON.parse(compiled.template.fill(() => 'x'));
    } catch {
      context.addIssue({
        code: 'custom',
        message:
          'must be a JSON document with every {{ … }} inside a quoted string, e.g. {"service":"{{ labels.service }}"}',
      });
    }
  },
);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Headers the HTTP client sets itself, and headers that carry secrets (runbooks are stored in events). */
const REFUSED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'authorization',
  'proxy-authorization',
  'cookie',
]);

const headers = z
  .record(z.string(), template('a header value (a template)', MAX_MESSAGE_LENGTH), {
    error: expected('a map of header names to values'),
  })
  .superRefine((map, context) => {
    const names = Object.keys(map);
    if (names.length > 20) {
      context.addIssue({ code: 'custom', message: `must have at most 20 headers, got ${names.length}` });
    }
    for (const name of names) {
      if (!HEADER_NAME.test(name)) {
        context.addIssue({ code: 'custom', path: [name], message: 'is not a valid header name' });
      } else if (REFUSED_HEADERS.has(name.toLowerCase())) {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: /auth|cookie/i.test(name)
            ? 'must not be set in a runbook: credentials would be stored in the event log'
            : 'is set by the HTTP client and cannot be set here',
        });
      }
    }
  });

const httpAction = z
  .object({
    kind: z.literal('http'),
    method: z.enum(HTTP_METHODS, { error: expected(`one of ${HTTP_METHODS.join(', ')}`) }).default('POST'),
    url,
    headers: headers.default({}),
    body: body.optional(),
  })
  .strict()
  .superRefine((action, context) => {
    if (action.method === 'GET' && action.body !== undefined) {
      context.addIssue({ code: 'custom', path: ['body'], message: 'is not allowed with method GET' });
    }
  });

/** Interpreters that run a text as a program: naming one would let a label become code. */
const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'csh',
  'tcsh',
  'fish',
  'ash',
  'busybox',
  'env',
  'pwsh',
]);

const executable = z
  .string({ error: expected('the absolute path of a program such as /usr/local/bin/restart-db') })
  .max(500, { error: (issue) => `must be at most 500 characters, got ${show(issue.input)}` })
  .superRefine((path, context) => {
    if (!path.startsWith('/') || path.endsWith('/')) {
      context.addIssue({
        code: 'custom',
        message: `must be the absolute path of a program such as /usr/local/bin/restart-db, got ${show(path)}`,
      });
    } else if (/\s/.test(path) || path.includes('\u0000') || path.includes('{{')) {
      context.addIssue({
        code: 'custom',
        message: `must be a path alone, without spaces or templates (put arguments in args), got ${show(path)}`,
      });
    } else if (SHELLS.has(path.slice(path.lastIndexOf('/') + 1))) {
      context.addIssue({
        code: 'custom',
        message: `must not be a shell (${show(path)}): write a script and name its path, so labels stay arguments`,
      });
    }
  });

const args = z
  .array(template('an argument (a template)', MAX_ARG_LENGTH), {
    error: (issue) =>
      issue.input === undefined
        ? 'is required (a list of arguments)'
        : `must be a list of arguments such as ["--service", "{{ labels.service }}"], never a single shell string, got ${show(issue.input)}`,
  })
  .max(50, { error: (issue) => `must have at most 50 arguments, got ${(issue.input as unknown[]).length}` });

const commandAction = z.object({ kind: z.literal('command'), executable, args: args.default([]) }).strict();

/** Simulated services listen on loopback only: 127.0.0.0/8 or [::1], written as addresses. */
function isLoopbackUrl(text: string): boolean {
  const compiled = compileActionTemplate(text, MAX_URL_LENGTH);
  if (!compiled.ok) return false;
  try {
    const { hostname } = new URL(compiled.template.fill(() => '1'));
    return hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
  } catch {
    return false;
  }
}

const simulatorUrl = url.superRefine((text, context) => {
  if (urlProblem(text) === undefined && !isLoopbackUrl(text)) {
    context.addIssue({
      code: 'custom',
      message: `must be a loopback address such as http://127.0.0.1:8081 (simulated services listen there), got ${show(text)}`,
    });
  }
});

const simulatorFaultOffAction = z
  .object({ kind: z.literal('simulator_fault_off'), url: simulatorUrl })
  .strict();

const notifyAction = z
  .object({
    kind: z.literal('notify'),
    // None named: the receivers the alert routes to.
    receivers: identifierList('an alerting receiver', 20, 0).default([]),
    message: template('a message (a template)', MAX_MESSAGE_LENGTH),
  })
  .strict();

export const APPROVAL_MIN_MS = 60_000;
export const APPROVAL_MAX_MS = 24 * 3_600_000;

const approvalAction = z
  .object({
    kind: z.literal('approval'),
    approvers: identifierList('a user name or a role', 20),
    expiresIn: boundedDuration(APPROVAL_MIN_MS, APPROVAL_MAX_MS, 'from 1m to 24h').default('15m'),
  })
  .strict();

export const actionSchema = z.discriminatedUnion(
  'kind',
  [httpAction, commandAction, simulatorFaultOffAction, notifyAction, approvalAction],
  { error: expected(`an action with a kind: ${ACTION_KINDS.join(', ')}`) },
);
