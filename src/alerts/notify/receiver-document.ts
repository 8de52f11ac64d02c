import { z } from 'zod';
import { type FieldError, fieldPath, type Parsed, parseDuration } from '../../kernel/index.js';
import { DEFAULT_RECEIVER_TIMEOUT, receiverSchemas } from './receiver-schema.js';
import {
  RECEIVER_KINDS,
  type ReceiverDocument,
  type ReceiverKind,
  type SmtpSettings,
} from './receiver-types.js';
import { jsonSchemaOverrides } from './schema-fields.js';
import { shown } from './shown.js';

export type {
  EmailReceiver,
  ReceiverDocument,
  ReceiverKind,
  SlackReceiver,
  SmtpSettings,
  WebhookReceiver,
} from './receiver-types.js';

function isReceiverKind(value: unknown): value is ReceiverKind {
  return typeof value === 'string' && (RECEIVER_KINDS as ReadonlyArray<string>).includes(value);
}

/** Field errors of a zod failure, one per unknown field (named by its own path). */
function receiverFieldErrors(error: z.ZodError, kind: ReceiverKind): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? `a ${kind} receiver` : fieldPath(issue.path);
      for (const key of issue.keys) {
        errors.push({ field: fieldPath([...issue.path, key]), message: `is not a field of ${where}` });
      }
    } else {
      errors.push({ field: fieldPath(issue.path), message: issue.message });
    }
  }
  return errors;
}

/**
 * Checks a receiver document (vigia.yaml `alerts.receivers[]` or POST /api/alert-receivers) and
 * fills its defaults; every problem is named by field. Secrets are refused unless referenced.
 */
export function parseReceiver(doc: unknown): Parsed<ReceiverDocument> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, errors: [{ field: '(document)', message: `must be an object, got ${shown(doc)}` }] };
  }
  const kind = (doc as { kind?: unknown }).kind;
  if (!isReceiverKind(kind)) {
    const message =
      kind === undefined
        ? `is required: one of ${RECEIVER_KINDS.join(', ')}`
        : `must be one of ${RECEIVER_KINDS.join(', ')}, got ${shown(kind)}`;
    return { ok: false, errors: [{ field: 'kind', message }] };
  }
  const result = receiverSchemas[kind].safeParse(doc);
  if (!result.success) return { ok: false, errors: receiverFieldErrors(result.error, kind) };
  // The refinements checked what the types cannot say (one of env/file, URL rules).
  return { ok: true, value: result.data as ReceiverDocument };
}

function buildJsonSchema(): Record<string, unknown> {
  const union = z.discriminatedUnion('kind', [
    receiverSchemas.webhook,
    receiverSchemas.slack,
    receiverSchemas.email,
  ]);
  const schema = z.toJSONSchema(union, {
    io: 'input',
    override: (ctx) => {
      const replacement = jsonSchemaOverrides.get(ctx.zodSchema);
      if (!replacement) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
      Object.assign(ctx.jsonSchema, structuredClone(replacement));
    },
  }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** JSON schema of a receiver document for the HTTP API (accepts everything parseReceiver accepts). */
export const receiverJsonSchema: Record<string, unknown> = buildJsonSchema();

/** Milliseconds one attempt to this receiver may take. */
export function receiverTimeoutMs(receiver: Pick<ReceiverDocument, 'timeout'>): number {
  return parseDuration(receiver.timeout) ?? parseDuration(DEFAULT_RECEIVER_TIMEOUT)!;
}

/** The SMTP port: the one given, else the usual one for the security (587, 465 or 25). */
export function smtpPort(smtp: Pick<SmtpSettings, 'port' | 'security'>): number {
  if (smtp.port !== undefined) return smtp.port;
  return smtp.security === 'tls' ? 465 : smtp.security === 'none' ? 25 : 587;
}
