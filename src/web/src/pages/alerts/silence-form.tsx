import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatTime } from '../../ui/format.js';
import type { AlertView, SilenceView } from './alert-types.js';
import { describedBy, FieldMessages } from './field-messages.js';
import { MatcherFields } from './matcher-fields.js';
import { ownFieldErrors } from './own-field-errors.js';
import {
  DURATION_PRESETS,
  endsAtFromDuration,
  type SilenceForm as FormState,
  silenceFormFor,
  silenceRequestBody,
} from './silence-form-model.js';

/**
 * The form that silences an alert: opens with matchers selecting the alert's rule and service,
 * a duration or an end time, and a required comment; posts `POST /api/silences` and shows the
 * server's messages beside the fields they are about.
 */
export function SilenceForm(props: {
  alert: AlertView;
  onCreated: (silence: SilenceView) => void;
  onCancel: () => void;
}) {
  const { alert } = props;
  const [form, setForm] = useState<FormState>(() => silenceFormFor(alert, Date.now()));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView?.({ block: 'nearest' });
  }, [alert.alertId]);

  const set = (change: Partial<FormState>) => setForm((f) => ({ ...f, ...change }));
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onCreated(await api<SilenceView>('POST', '/api/silences', silenceRequestBody(form)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const durationErrors = ownFieldErrors(error, 'body.duration');
  const endsAtErrors = ownFieldErrors(error, 'body.endsAt');
  const commentErrors = ownFieldErrors(error, 'body.comment');
  const preview = endsAtFromDuration(form.duration, Date.now());
  return (
    <section class="silence-form" aria-labelledby="silence-form-title">
      <h2 id="silence-form-title" tabIndex={-1} ref={heading}>
        Silence {alert.ruleName}
        {alert.service ? ` on ${alert.service}` : ''}
      </h2>
      <form onSubmit={submit} noValidate>
        <MatcherFields rows={form.matchers} error={error} onChange={(matchers) => set({ matchers })} />
        <fieldset>
          <legend>Ends</legend>
          <div class="choices">
            <label>
              <input
                type="radio"
                name="silence-end"
                checked={form.endMode === 'duration'}
                onChange={() => set({ endMode: 'duration' })}
              />{' '}
              After a duration
            </label>
            <label>
              <input
                type="radio"
                name="silence-end"
                checked={form.endMode === 'endsAt'}
                onChange={() => set({ endMode: 'endsAt' })}
              />{' '}
              At a time
            </label>
          </div>
          {form.endMode === 'duration' ? (
            <div class="field">
              <label for="silence-duration">Duration</label>
              <div class="inline">
                <input
                  id="silence-duration"
                  value={form.duration}
                  autoComplete="off"
                  aria-invalid={durationErrors.length > 0}
                  aria-describedby={[
                    'silence-duration-hint',
                    describedBy('silence-duration-error', durationErrors),
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  onInput={(e) => set({ duration: e.currentTarget.value })}
                />
                {DURATION_PRESETS.map((preset) => (
                  <button
                    key={preset}
                    type="button"
                    aria-pressed={form.duration === preset}
                    onClick={() => set({ duration: preset })}
                  >
                    {preset}
                  </button>
                ))}
              </div>
              <p id="silence-duration-hint" class="hint">
                Such as 30m, 4h or 1d.{preview ? ` Ends about ${formatTime(preview)}.` : ''}
              </p>
              <FieldMessages id="silence-duration-error" messages={durationErrors} />
            </div>
          ) : (
            <div class="field">
              <label for="silence-ends-at">End time</label>
              <input
                id="silence-ends-at"
                type="datetime-local"
                value={form.endsAt}
                aria-invalid={endsAtErrors.length > 0}
                aria-describedby={describedBy('silence-ends-at-error', endsAtErrors)}
                onInput={(e) => set({ endsAt: e.currentTarget.value })}
              />
              <FieldMessages id="silence-ends-at-error" messages={endsAtErrors} />
            </div>
          )}
        </fieldset>
        <div class="field">
          <label for="silence-comment">Comment (required)</label>
          <textarea
            id="silence-comment"
            rows={2}
            value={form.comment}
            aria-required="true"
            aria-invalid={commentErrors.length > 0}
            aria-describedby={describedBy('silence-comment-error', commentErrors)}
            onInput={(e) => set({ comment: e.currentTarget.value })}
          />
          <FieldMessages id="silence-comment-error" messages={commentErrors} />
        </div>
        {error !== undefined && (
          <p role="alert" class="error">
            {error instanceof Error ? error.message : String(error)}
          </p>
        )}
        <div class="buttons">
          <button type="submit" disabled={busy}>
            Create silence
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
