import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './exit-codes.js';

/**
 * Reads one document (a YAML or JSON mapping) from `file`, or from stdin for `-`, for `--file`
 * flags; each problem names the file. `kind` says what it should be (`monitor`, `alert rule`) and
 * `fields` what such a mapping holds, for the messages.
 */
export function readDocumentFile(file: string, kind: string, fields: string): Record<string, unknown> {
  const where = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`--file: cannot read ${where}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new UsageError(`--file: ${where} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed)) {
    throw new UsageError(`--file: ${where} holds a list of ${parsed.length}; give one ${kind} document`);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new UsageError(`--file: ${where} must hold one ${kind} document (a mapping with ${fields} …)`);
  }
  return parsed as Record<string, unknown>;
}
