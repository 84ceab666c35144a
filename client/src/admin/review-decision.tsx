import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import styles from './review-decision.module.css';

/** What a reviewer decides: approve, or return with a comment. */
export type ReviewDecisionKind = 'approve' | 'return';

/**
 * The comment box and the two buttons under an item of a review queue: approve, or return with a
 * comment (required). Both buttons wait while the decision is sent. Test ids: `<testIdPrefix>-comment`,
 * `-approve`, `-return`.
 */
export function ReviewDecision({
  commentId,
  testIdPrefix,
  approveLabel,
  onDecide,
}: {
  commentId: string;
  testIdPrefix: string;
  approveLabel: string;
  onDecide: (decision: ReviewDecisionKind, comment: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (decision: ReviewDecisionKind) => {
    setBusy(true);
    try {
      await onDecide(decision, decision === 'return' ? comment.trim() : '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <label className="field" htmlFor={commentId}>
        <span>{t('review.comment')}</span>
      </label>
      <textarea id={commentId} className={styles.comment} data-testid={`${testIdPrefix}-comment`} value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
      <div className="row">
        <button type="button" className="button button--primary" data-testid={`${testIdPrefix}-approve`} disabled={busy} onClick={() => void act('approve')}>
          {approveLabel}
        </button>
        <button type="button" className="button" data-testid={`${testIdPrefix}-return`} disabled={busy || comment.trim() === ''} onClick={() => void act('return')}>
          {t('review.return')}
        </button>
      </div>
    </>
  );
}
