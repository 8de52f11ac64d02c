import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorMessage, fieldErrors } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import type { PendingApproval } from './healing-types.js';
import { timeLeft } from './remediation-status.js';

/**
 * The approval a remediation waits for; operators get Approve and Reject (with an optional
 * comment). The server decides who is a named approver and says so when the user is not.
 */
export function ApprovalPanel({
  approval,
  canAnswer,
  onAnswered,
}: {
  approval: PendingApproval;
  canAnswer: boolean;
  onAnswered: () => void;
}) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [answered, setAnswered] = useState<string>();

  const answer = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      const body = comment.trim() ? { comment: comment.trim() } : {};
      await api('POST', `/api/remediations/${encodeURIComponent(approval.alertId)}/${decision}`, body);
      setAnswered(
        decision === 'approve' ? `Step ${approval.step} approved.` : `Step ${approval.step} rejected.`,
      );
      setComment('');
      onAnswered();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const commentErrors = fieldErrors(error, 'body.comment');
  return (
    <section class="panel approval-panel" aria-labelledby="approval-title">
      <h2 id="approval-title">Waiting for approval</h2>
      <p>
        Step <strong>{approval.step}</strong> waits for {approval.approvers.join(' or ')} to approve it, until{' '}
        <time dateTime={approval.expiresAt}>{formatTime(approval.expiresAt)}</time> (
        {timeLeft(approval.expiresAt, Date.now())} left).
      </p>
      {answered && <p role="status">{answered}</p>}
      {canAnswer && (
        <form
          class="approval-form"
          onSubmit={(e) => {
            e.preventDefault();
            void answer('approve');
          }}
        >
          <label>
            Comment (optional)
            <textarea
              value={comment}
              maxLength={1000}
              rows={2}
              onInput={(e) => setComment(e.currentTarget.value)}
              aria-invalid={commentErrors.length > 0}
            />
          </label>
          {commentErrors.map((m) => (
            <p key={m} class="error">
              {m}
            </p>
          ))}
          <div class="approval-buttons">
            <button type="submit" class="approve" disabled={busy}>
              Approve
            </button>
            <button type="button" class="reject" disabled={busy} onClick={() => void answer('reject')}>
              Reject
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
