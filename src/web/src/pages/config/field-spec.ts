/**
 * How the configuration editor shows one top-level field of a document. Nested values (objects,
 * lists of objects) are edited as JSON; lists of plain texts (matchers, names) one per line.
 */
export type FieldInput =
  | 'text'
  | 'textarea'
  | 'number'
  | 'checkbox'
  | 'select'
  /** A list of texts, one per line (`service="api"` matchers, receiver names …). */
  | 'lines'
  /** Any JSON value: objects, lists of objects. */
  | 'json'
  /** A text, or a JSON object when it starts with `{` (a URL or a secret reference `{ "env": "NAME" }`). */
  | 'text-or-json';

export interface FieldSpec {
  /** The document's field name, as the API and vigia.yaml write it. */
  name: string;
  /** What people call it. */
  label: string;
  input: FieldInput;
  required?: boolean;
  /** The values a select offers (a stored value not among them is offered too). */
  options?: readonly string[];
  /** What the server assumes for an absent checkbox field (absent stays absent while it is unchanged). */
  defaultValue?: boolean;
  /** A short hint shown under the field (format, default, an example). */
  help?: string;
  /** Shown only while another field (a select such as `kind`) has one of these values. */
  showWhen?: { field: string; values: readonly string[] };
}

/** Fields the server sets and keeps itself: shown when viewing, never edited nor sent. */
export const SERVER_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'version',
  'createdAt',
  'updatedAt',
  'managedBy',
  'createdBy',
]);

/** The fields shown for the values a document or form has now (those whose `showWhen` holds). */
export function visibleFields(
  fields: readonly FieldSpec[],
  valueFor: (name: string) => unknown,
): FieldSpec[] {
  return fields.filter((field) => {
    if (!field.showWhen) return true;
    const value = valueFor(field.showWhen.field);
    return typeof value === 'string' && field.showWhen.values.includes(value);
  });
}
