import type { FieldSpec } from './field-spec.js';

const MULTILINE = new Set(['textarea', 'lines', 'json']);

/** The height of a text area for its text: its lines, from 3 to 16. */
function rowsFor(text: string): number {
  return Math.min(16, Math.max(3, text.split('\n').length + 1));
}

/**
 * One top-level field of the editor: its label, input, hint, and the problems found with it
 * (the server's, or the browser's own JSON check) right beside it.
 */
export function FormField({
  field,
  value,
  errors,
  disabled,
  onChange,
}: {
  field: FieldSpec;
  value: string | boolean;
  errors: readonly string[];
  disabled: boolean;
  onChange: (value: string | boolean) => void;
}) {
  const id = `config-field-${field.name}`;
  const helpId = field.help ? `${id}-help` : undefined;
  const errorsId = errors.length > 0 ? `${id}-errors` : undefined;
  const common = {
    id,
    name: field.name,
    disabled,
    'aria-invalid': errors.length > 0 ? ('true' as const) : undefined,
    'aria-required': field.required ? ('true' as const) : undefined,
    'aria-describedby': [errorsId, helpId].filter(Boolean).join(' ') || undefined,
  };
  const text = typeof value === 'string' ? value : '';
  return (
    <div class={`config-field${errors.length > 0 ? ' invalid' : ''}`} data-field={field.name}>
      {field.input === 'checkbox' ? (
        <label for={id} class="checkbox-label">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.currentTarget.checked)}
          />
          {field.label}
        </label>
      ) : (
        <label for={id}>{field.label}</label>
      )}
      <span class="field-meta">
        <code>{field.name}</code>
        {field.required && ' · required'}
      </span>
      {field.input === 'select' && (
        <select {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">{field.required ? '— choose —' : '— not set —'}</option>
          {[...(field.options ?? []), ...(text && !field.options?.includes(text) ? [text] : [])].map(
            (option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ),
          )}
        </select>
      )}
      {MULTILINE.has(field.input) && (
        <textarea
          {...common}
          class={field.input === 'textarea' ? undefined : 'code'}
          rows={rowsFor(text)}
          spellcheck={field.input === 'textarea'}
          value={text}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
      {(field.input === 'text' || field.input === 'number' || field.input === 'text-or-json') && (
        <input
          {...common}
          type="text"
          inputMode={field.input === 'number' ? 'decimal' : undefined}
          class={field.input === 'text-or-json' ? 'code' : undefined}
          autocomplete="off"
          spellcheck={false}
          value={text}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
      {errors.length > 0 && (
        <ul class="field-errors" id={errorsId}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {field.help && (
        <p class="field-help" id={helpId}>
          {field.help}
        </p>
      )}
    </div>
  );
}
