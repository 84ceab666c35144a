import { ReviewInput } from '@yunzhan/shared';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { FormAlert, FormField } from '../ui/form-field';
import styles from './review-decision.module.css';
import { buttonClass } from '../ui/button';
import layout from '../ui/layout.module.css';

/** What a reviewer decides: approve, or return with a comment. */
export type ReviewDecisionKind = 'approve' | 'return';

/** The form's values: the decision the pressed button stands for, and the comment. */
type DecisionValues = z.input<typeof ReviewInput>;

/** Checked with the shared ReviewInput (a return needs a comment, at most 2000 characters). */
const resolver = schemaResolver<DecisionValues, ReviewInput>(ReviewInput, ({ path, code }) =>
  path === 'comment' && code === 'custom' ? { key: 'review.commentNeeded' } : undefined,
);

/**
 * The comment box and the two buttons under an item of a review queue: approve, or return with a
 * comment (Return waits for one). Both wait while the decision is sent; `onDecide` rejects with the
 * server's refusal, shown on the comment when it names it, else under the buttons. Test ids:
 * `<testIdPrefix>-comment`, `-approve`, `-return`, `-decision-error`.
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
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<DecisionValues, unknown, ReviewInput>({ resolver, defaultValues: { decision: 'approve', comment: '' } });
  const send = handleSubmit(async ({ decision, comment }) => {
    try {
      // An approval carries no comment (what was typed was meant for a return).
      await onDecide(decision, decision === 'return' ? comment : '');
    } catch (error) {
      applyServerError(error, setError, { fields: ['comment'] });
    }
  });
  const act = (decision: ReviewDecisionKind) => {
    setValue('decision', decision);
    void send();
  };
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate aria-busy={isSubmitting || undefined}>
      <FormField id={commentId} testId={`${testIdPrefix}-comment`} label={t('review.comment')} error={errors.comment}>
        {(control) => <textarea className={styles.comment} {...control} {...register('comment')} />}
      </FormField>
      <FormAlert error={errors.root?.server} testId={`${testIdPrefix}-decision-error`} />
      <div className={layout.row}>
        <button type="button" className={buttonClass('primary')} data-testid={`${testIdPrefix}-approve`} disabled={isSubmitting} onClick={() => act('approve')}>
          {approveLabel}
        </button>
        <button type="button" className={buttonClass()} data-testid={`${testIdPrefix}-return`} disabled={isSubmitting || (watch('comment') ?? '').trim() === ''} onClick={() => act('return')}>
          {t('review.return')}
        </button>
      </div>
    </form>
  );
}
