import type { ComponentChildren } from 'preact';

/** The id of the element holding a control's hint and errors (name it in the control's `aria-describedby`). */
export const errorsId = (id: string) => `${id}-errors`;

/**
 * A labelled form control (`id` is the control's) with its hint and the server's errors about it
 * shown right beside it, read with it by screen readers when the control names `errorsId(id)` in
 * `aria-describedby`.
 */
export function Field({
  id,
  label,
  errors,
  hint,
  children,
}: {
  id: string;
  label: string;
  errors: string[];
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="admin-field">
      <label for={id}>{label}</label>
      {children}
      <div id={errorsId(id)}>
        {hint && <small class="admin-hint">{hint}</small>}
        {errors.map((message) => (
          <p key={message} class="error admin-field-error">
            {message}
          </p>
        ))}
      </div>
    </div>
  );
}
