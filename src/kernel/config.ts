import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, ENVIRONMENT_KEYS, type VigiaConfig } from './config-schema.js';
import { ConfigError } from './errors.js';

export { configSchema, ENVIRONMENT_KEYS, type VigiaConfig, type VigiaConfigInput } from './config-schema.js';

export interface LoadConfigOptions {
  /** Path of vigia.yaml; when absent, ./vigia.yaml is used if it exists. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values that win over file and environment (CLI flags). */
  overrides?: Record<string, unknown>;
}

/** Reads vigia.yaml and VIGIA_* variables, validates them, and returns a typed configuration or throws ConfigError. */
export function loadConfig(options: LoadConfigOptions = {}): VigiaConfig {
  const env = options.env ?? process.env;
  const file = configFilePath(options);
  const fromFile = file ? readConfigFile(file) : {};
  const merged = deepMerge(deepMerge(fromFile, readEnvironment(env)), options.overrides ?? {});
  return parseConfig(merged, file ? `${file} (+ environment)` : 'environment');
}

/** The configuration file loadConfig reads: the given one, else VIGIA_CONFIG, else ./vigia.yaml if present. */
export function configFilePath(options: Pick<LoadConfigOptions, 'file' | 'env'> = {}): string | undefined {
  const env = options.env ?? process.env;
  return options.file ?? env.VIGIA_CONFIG ?? (existsSync('vigia.yaml') ? 'vigia.yaml' : undefined);
}

/** Validates a configuration object; errors name each offending key and what was expected. */
export function parseConfig(raw: unknown, source = 'configuration'): VigiaConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    key: issue.path.join('.') || '(root)',
    message: describe(issue),
  }));
  const lines = problems.map((p) => `  ${p.key}: ${p.message}`).join('\n');
  throw new ConfigError(`Invalid configuration in ${source}:\n${lines}`, { problems });
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.join(', ')}`;
  return issue.message;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read configuration file ${path.resolve(file)}`, { file }, cause);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError(`${file} is not valid YAML: ${reason}`, { file }, cause);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${file} must hold a YAML mapping at the top level`, { file });
  }
  return parsed as Record<string, unknown>;
}

function readEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { variable, path: keyPath, type } of ENVIRONMENT_KEYS) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    let typed: unknown = value;
    if (type === 'number') {
      typed = Number(value);
      if (!Number.isFinite(typed)) {
        throw new ConfigError(`${variable} must be a number, got "${value}"`, { variable });
      }
    } else if (type === 'boolean') {
      if (!['true', 'false'].includes(value)) {
        throw new ConfigError(`${variable} must be true or false, got "${value}"`, { variable });
      }
      typed = value === 'true';
    }
    setPath(result, keyPath, typed);
  }
  return result;
}

function setPath(target: Record<string, unknown>, keyPath: string[], value: unknown): void {
  let node = target;
  for (const key of keyPath.slice(0, -1)) {
    const child = node[key];
    node[key] = typeof child === 'object' && child !== null ? child : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keyPath[keyPath.length - 1]!] = value;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const existing = out[key];
    out[key] =
      isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : (value as unknown);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
