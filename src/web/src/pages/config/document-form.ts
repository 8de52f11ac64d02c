import { type FieldSpec, SERVER_FIELDS, visibleFields } from './field-spec.js';
import { readJsonText } from './json-text.js';

/** What the editor holds: one value per shown field, and the document's other fields as JSON. */
export interface FormState {
  /** Texts for inputs, selects, line lists and JSON areas; booleans for checkboxes. */
  values: Record<string, string | boolean>;
  /** A JSON object of the fields no input shows, kept as they are (empty when there are none). */
  other: string;
}

/** The name under which problems of the "Other fields" area are reported. */
export const OTHER_FIELDS = '(other fields)';

/** A problem found before sending: the field (or OTHER_FIELDS) and what is wrong. */
export interface FormProblem {
  field: string;
  message: string;
}

export type FormResult = { ok: true; doc: Record<string, unknown> } | { ok: false; problems: FormProblem[] };

/**
 * The form for a document: each shown field's value as its input shows it. Fields no input can
 * show as they are (a list that is empty, a number where a text goes, a field of another kind)
 * go to the "Other fields" JSON, so that saving sends them back unchanged. Server fields (id,
 * version, times, managedBy, createdBy) are left out: the server keeps them.
 */
export function documentToForm(fields: readonly FieldSpec[], doc: Record<string, unknown>): FormState {
  const shown = visibleFields(fields, (name) => doc[name]);
  const values: Record<string, string | boolean> = {};
  const other: Record<string, unknown> = {};
  for (const field of shown) values[field.name] = emptyValue(field);
  for (const [name, value] of Object.entries(doc)) {
    if (SERVER_FIELDS.has(name) || value === undefined) continue;
    const field = shown.find((f) => f.name === name);
    const text = field ? asInputValue(field, value) : undefined;
    if (text === undefined) other[name] = value;
    else values[name] = text;
  }
  return { values, other: Object.keys(other).length > 0 ? JSON.stringify(other, null, 2) : '' };
}

/**
 * The document a form describes, to send on create or replace: the shown fields that have a
 * value, over the "Other fields". A checkbox left at the server's default is sent only when
 * `original` had the field. Problems (JSON that does not parse, a number that is not one) are
 * found here, each naming its field, before anything is sent.
 */
export function formToDocument(
  fields: readonly FieldSpec[],
  form: FormState,
  original: Record<string, unknown> = {},
): FormResult {
  const problems: FormProblem[] = [];
  const doc: Record<string, unknown> = {};
  if (form.other.trim()) {
    const read = readJsonText(form.other);
    if (!read.ok) problems.push({ field: OTHER_FIELDS, message: read.message });
    else if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value))
      problems.push({ field: OTHER_FIELDS, message: 'must be a JSON object of field names and values' });
    else
      for (const [name, value] of Object.entries(read.value)) {
        if (!SERVER_FIELDS.has(name)) doc[name] = value;
      }
  }
  for (const field of visibleFields(fields, (name) => form.values[name])) {
    const value = form.values[field.name];
    if (value === undefined) continue;
    const read = fromInputValue(field, value, field.name in original);
    if ('problem' in read) problems.push({ field: field.name, message: read.problem });
    else if ('value' in read) doc[field.name] = read.value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, doc };
}

/** The value an input shows for a document value, or undefined when the input cannot show it as it is. */
function asInputValue(field: FieldSpec, value: unknown): string | boolean | undefined {
  switch (field.input) {
    case 'checkbox':
      return typeof value === 'boolean' ? value : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    case 'text':
    case 'textarea':
    case 'select':
      return typeof value === 'string' && value.trim() !== '' ? value : undefined;
    case 'lines':
      return isTextList(value) && value.length > 0 && value.every(isOneLine) ? value.join('\n') : undefined;
    case 'text-or-json':
      if (typeof value === 'string')
        return value.trim() !== '' && !value.trimStart().startsWith('{') ? value : undefined;
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? JSON.stringify(value)
        : undefined;
    case 'json':
      return JSON.stringify(value, null, 2);
  }
}

type InputRead = { value: unknown } | { problem: string } | { absent: true };

/** The document value an input's value stands for; an empty input leaves the field out. */
function fromInputValue(field: FieldSpec, value: string | boolean, wasPresent: boolean): InputRead {
  if (typeof value === 'boolean') {
    return value === (field.defaultValue ?? false) && !wasPresent ? { absent: true } : { value };
  }
  if (value.trim() === '') return { absent: true };
  switch (field.input) {
    case 'number': {
      const number = Number(value.trim());
      return Number.isFinite(number) ? { value: number } : { problem: `must be a number, got "${value}"` };
    }
    case 'lines':
      return {
        value: value
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      };
    case 'json':
      return jsonValue(value);
    case 'text-or-json':
      return value.trimStart().startsWith('{') ? jsonValue(value) : { value };
    default:
      return { value };
  }
}

function jsonValue(text: string): InputRead {
  const read = readJsonText(text);
  return read.ok ? { value: read.value } : { problem: read.message };
}

/** What an input shows for an absent field: nothing, or the server's default for a checkbox. */
export function emptyValue(field: FieldSpec): string | boolean {
  return field.input === 'checkbox' ? (field.defaultValue ?? false) : '';
}

function isOneLine(line: string): boolean {
  return line !== '' && line.trim() === line && !line.includes('\n');
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
