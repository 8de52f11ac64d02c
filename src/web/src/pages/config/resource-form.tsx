import { useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import type { ConfigKind } from './config-kinds.js';
import {
  documentToForm,
  emptyValue,
  type FormProblem,
  type FormState,
  formToDocument,
  OTHER_FIELDS,
} from './document-form.js';
import { otherFieldNames, placeProblems, serverProblems } from './field-errors.js';
import { visibleFields } from './field-spec.js';
import { FormField } from './form-field.js';
import type { ConfigDocument } from './kind-columns.js';

/** A refusal of the last save: the server's message, and its problems by field. */
interface Refusal {
  message: string;
  problems: FormProblem[];
  /** 412: someone changed the document since it was read. */
  stale: boolean;
}

/**
 * The editor of one document of any kind: the kind's top-level fields as inputs (nested values as
 * JSON), the fields it has no input for as "Other fields" JSON, kept on save. Problems are shown
 * beside their field: first the browser's own checks (JSON syntax, numbers), then the server's.
 */
export function ResourceForm({
  kind,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  onReloadLatest,
}: {
  kind: ConfigKind;
  /** The stored document when editing, the kind's template when creating. */
  initial: ConfigDocument;
  submitLabel: string;
  /** Sends the document; an ApiError it throws is shown on the form. */
  onSubmit: (doc: ConfigDocument) => Promise<void>;
  onCancel: () => void;
  /** Reads the stored document again (after a 412), dropping the edits. */
  onReloadLatest?: () => void;
}) {
  const [form, setForm] = useState<FormState>(() => documentToForm(kind.fields, initial));
  const [refusal, setRefusal] = useState<Refusal | undefined>();
  const [saving, setSaving] = useState(false);

  const shown = visibleFields(kind.fields, (name) => form.values[name]);
  const placed = placeProblems(
    refusal?.problems ?? [],
    shown.map((f) => f.name),
    otherFieldNames(form.other),
  );
  const setValue = (name: string, value: string | boolean) =>
    setForm((current) => ({ ...current, values: { ...current.values, [name]: value } }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const result = formToDocument(kind.fields, form, initial);
    if (!result.ok) {
      setRefusal({
        message: 'Not sent: correct the fields marked below.',
        problems: result.problems,
        stale: false,
      });
      return;
    }
    setSaving(true);
    try {
      await onSubmit(result.doc);
      setRefusal(undefined);
    } catch (error) {
      setRefusal({
        message: error instanceof Error ? error.message : String(error),
        problems: serverProblems(error, kind.named),
        stale: error instanceof ApiError && error.status === 412,
      });
    } finally {
      setSaving(false);
    }
  };

  const otherErrors = placed.byField[OTHER_FIELDS] ?? [];
  return (
    <form class="config-form" onSubmit={submit} noValidate>
      {refusal && (
        <div role="alert" class="error form-problems">
          {refusal.stale ? (
            <p>
              This {kind.singular} was changed by someone else since you opened it: reload it to see their
              version, then make your change again. <span class="server-detail">({refusal.message})</span>
            </p>
          ) : (
            <p>{refusal.message}</p>
          )}
          {placed.general.length > 0 && (
            <ul>
              {placed.general.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          {refusal.stale && onReloadLatest && (
            <button type="button" onClick={onReloadLatest}>
              Reload the latest version
            </button>
          )}
        </div>
      )}
      {shown.map((field) => (
        <FormField
          key={field.name}
          field={field}
          value={form.values[field.name] ?? emptyValue(field)}
          errors={placed.byField[field.name] ?? []}
          disabled={saving}
          onChange={(value) => setValue(field.name, value)}
        />
      ))}
      <details
        class="config-field other-fields"
        data-field={OTHER_FIELDS}
        open={form.other !== '' || otherErrors.length > 0}
      >
        <summary>Other fields</summary>
        <label for="config-other-fields">Other fields (JSON object)</label>
        <textarea
          id="config-other-fields"
          class="code"
          rows={Math.min(16, Math.max(3, form.other.split('\n').length + 1))}
          spellcheck={false}
          disabled={saving}
          value={form.other}
          aria-invalid={otherErrors.length > 0 ? 'true' : undefined}
          aria-describedby="config-other-fields-help"
          onInput={(e) => {
            const other = e.currentTarget.value;
            setForm((current) => ({ ...current, other }));
          }}
        />
        <p class="field-help" id="config-other-fields-help">
          Fields this form has no input for, kept as they are when you save.
        </p>
        {otherErrors.length > 0 && (
          <ul class="field-errors">
            {otherErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </details>
      <div class="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
