import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { shown } from './shown.js';

/**
 * Where a secret lives: an environment variable or a file (Docker/Kubernetes secrets). Receiver
 * documents are stored in events, so they hold these references and never the secret itself.
 */
export type SecretRef = { env: string } | { file: string };

/** Resolves a reference to its value at delivery time; undefined when it is not set. */
export type SecretResolver = (ref: SecretRef) => Promise<string | undefined>;

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const MAX_PATH = 4096;

const REFERENCE_EXPECTED =
  'must be a secret reference: { env: NAME } or { file: /absolute/path }, never the secret itself';

/** `{ env: NAME }` or `{ file: /absolute/path }`; an inline string is refused without echoing it. */
export const secretRefSchema = z
  .strictObject(
    {
      env: z
        .string({ error: (iss) => `must be an environment variable name, got ${shown(iss.input)}` })
        .regex(ENV_NAME, {
          error: (iss) =>
            `must be an environment variable name matching ^[A-Z_][A-Z0-9_]*$, got ${shown(iss.input)}`,
        })
        .max(200, { error: 'must be at most 200 characters' })
        .optional(),
      file: z
        .string({ error: (iss) => `must be an absolute file path, got ${shown(iss.input)}` })
        .max(MAX_PATH, { error: `must be at most ${MAX_PATH} characters` })
        .refine((path) => isAbsolute(path) && !path.includes('\u0000'), {
          error: (iss) => `must be an absolute file path, got ${shown(iss.input)}`,
        })
        .optional(),
    },
    {
      // The input may be the secret written inline by mistake: say what was expected, never show it.
      error: (iss) => (iss.code === 'invalid_type' ? REFERENCE_EXPECTED : undefined),
    },
  )
  .superRefine((ref, ctx) => {
    const given = (ref.env === undefined ? 0 : 1) + (ref.file === undefined ? 0 : 1);
    if (given !== 1)
      ctx.addIssue({ code: 'custom', message: `${REFERENCE_EXPECTED} (exactly one of env, file)` });
  });

/** The JSON schema of a secret reference (the zod schema above cannot say "exactly one"). */
export const secretRefJsonSchema = {
  oneOf: [
    {
      type: 'object',
      properties: { env: { type: 'string', pattern: ENV_NAME.source } },
      required: ['env'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { file: { type: 'string', pattern: '^/' } },
      required: ['file'],
      additionalProperties: false,
    },
  ],
};

/** `env VIGIA_SMTP_PASSWORD` or `file /run/secrets/smtp`: safe to log, never the value. */
export function describeSecretRef(ref: SecretRef): string {
  return 'env' in ref ? `env ${ref.env}` : `file ${ref.file}`;
}

/**
 * The default resolver: the environment variable, or the file's content, trimmed (files written
 * by `echo` end with a newline). A missing variable or file, or an empty value, is undefined.
 */
export async function resolveSecretFromEnvironment(ref: SecretRef): Promise<string | undefined> {
  if ('env' in ref) return nonEmpty(process.env[ref.env]);
  try {
    return nonEmpty(await readFile(ref.file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
