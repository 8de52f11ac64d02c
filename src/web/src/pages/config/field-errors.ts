import { ApiError } from '../../api.js';
import { type FormProblem, OTHER_FIELDS } from './document-form.js';

/** Problems sorted by where the editor shows them: beside a field, or at the top of the form. */
export interface PlacedProblems {
  /** Messages per field name (OTHER_FIELDS for the "Other fields" area). */
  byField: Record<string, string[]>;
  /** Messages that name no field the form shows. */
  general: string[];
}

/**
 * The top-level field a problem's path is under: `condition.window` → `condition`,
 * `steps[0].action.url` → `steps`; undefined for an empty path.
 */
export function topLevelField(path: string): string | undefined {
  const match = /^[^.[]+/.exec(path);
  return match ? match[0] : undefined;
}

/**
 * The field problems of a refused save, with document-relative paths: the server names body
 * fields `body.condition.window`, which becomes `condition.window` (other parts of the request
 * name no field, their path goes into the message). A refusal that names no field
 * but says the name is taken (409 CONFLICT on a named kind) belongs beside `name`.
 */
export function serverProblems(error: unknown, named: boolean): FormProblem[] {
  if (!(error instanceof ApiError)) return [];
  const problems = error.fields.map((f) =>
    f.field.startsWith('body.')
      ? { field: f.field.slice('body.'.length), message: f.message }
      : { field: '', message: `${f.field}: ${f.message}` },
  );
  if (problems.length === 0 && named && error.status === 409 && error.code === 'CONFLICT') {
    return [{ field: 'name', message: error.message }];
  }
  return problems;
}

/**
 * Puts each problem beside the field it belongs to: a shown field (its own path or one under
 * it, written with the full path), the "Other fields" area when the field is one of those, else
 * the top. `shown` are the fields the form has inputs for, `otherFields` the names in "Other fields".
 */
export function placeProblems(
  problems: readonly FormProblem[],
  shown: readonly string[],
  otherFields: readonly string[],
): PlacedProblems {
  const placed: PlacedProblems = { byField: {}, general: [] };
  const add = (field: string, message: string) => {
    placed.byField[field] = [...(placed.byField[field] ?? []), message];
  };
  for (const problem of problems) {
    const top = topLevelField(problem.field);
    const text = top === problem.field ? problem.message : `${problem.field}: ${problem.message}`;
    if (problem.field === OTHER_FIELDS) add(OTHER_FIELDS, problem.message);
    else if (top !== undefined && shown.includes(top)) add(top, text);
    else if (top !== undefined && otherFields.includes(top))
      add(OTHER_FIELDS, `${problem.field}: ${problem.message}`);
    else placed.general.push(problem.field ? `${problem.field}: ${problem.message}` : problem.message);
  }
  return placed;
}

/** The names of the fields an "Other fields" JSON text holds (none when it does not parse). */
export function otherFieldNames(other: string): string[] {
  if (!other.trim()) return [];
  try {
    const value: unknown = JSON.parse(other);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
  } catch {
    return [];
  }
}
