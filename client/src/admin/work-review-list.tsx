import type { Work } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../data/query-keys';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { useToast } from '../ui/toast';
import numberStyles from '../works/catalogue-number.module.css';
import { metadataDiff } from '../works/metadata-diff';
import { localizedText } from '../works/work-library';
import { useReviewWork } from '../works/use-work-mutations';
import { fetchWorkReviewQueue } from '../works/works-api';
import { ReviewDecision } from './review-decision';
import queueStyles from './review-queue.module.css';
import styles from './work-review-list.module.css';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

/**
 * The admins' queue of metadata changes to works visitors can see (oldest first): each with what
 * visitors see now beside what the change proposes, approve, and return with a comment.
 */
export function WorkReviewList() {
  const { t, locale } = useI18n();
  const toast = useToast();
  const query = useQuery({ queryKey: queryKeys.works.list({ review: 'pending' }), queryFn: fetchWorkReviewQueue });
  const queue = query.data ?? null;
  // The decision changes the work wherever it is listed (this queue, the owner's library).
  const reviewing = useReviewWork();
  const error = query.error ? toClientError(query.error) : null;

  // A refusal rejects to the item's form (shown there); the decision made is a toast, as the item leaves the queue.
  const decide = async (work: Work, decision: 'approve' | 'return', comment: string) => {
    await reviewing.mutateAsync({ workId: work.id, input: { decision, comment } });
    const title = localizedText(work.metadata.title, locale);
    toast.show({ tone: 'success', title: t(decision === 'approve' ? 'contentReview.workApproved' : 'contentReview.workReturnedDone', { title }), attributes: { 'data-testid': 'work-review-done' } });
  };

  const problem = error ? errorMessage(error.code, error.details) : null;
  return (
    <section aria-labelledby="work-reviews-heading" data-testid="work-reviews">
      <h2 id="work-reviews-heading">{t('contentReview.worksHeading')}</h2>
      {problem && (
        <p className={calloutClass('error')} role="alert" data-testid="work-review-error" data-code={error?.code}>
          {t(problem.key, problem.params)}
        </p>
      )}
      {queue === null ? (
        <p className={text.muted} aria-busy="true">
          {t('common.loading')}
        </p>
      ) : queue.length === 0 ? (
        <p className={text.muted} data-testid="work-reviews-empty">
          {t('contentReview.worksEmpty')}
        </p>
      ) : (
        <ul className={queueStyles.queue}>
          {queue.map((work) => (
            <WorkReviewItem key={work.id} work={work} onDecide={(decision, comment) => decide(work, decision, comment)} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One work's change: the changed fields (now / proposed), approve, return with a required comment. */
function WorkReviewItem({ work, onDecide }: { work: Work; onDecide: (decision: 'approve' | 'return', comment: string) => Promise<void> }) {
  const { t, locale } = useI18n();
  const approved = work.metadataChange?.approved ?? work.metadata;
  const changes = metadataDiff(approved, work.metadata);
  const commentId = `work-review-comment-${work.id}`;
  const title = localizedText(approved.title, locale);
  return (
    <li className={queueStyles.item} data-testid="work-review-item" data-work-id={work.id}>
      <div className={queueStyles.head}>
        <h3 className={queueStyles.title}>{t('contentReview.changes', { title })}</h3>
        <span className={cx(text.small, text.muted, numberStyles.number)}>{work.catalogueNumber}</span>
      </div>
      <div className={styles.scroll}>
        <table className={styles.diff} data-testid="work-review-diff">
          <thead>
            <tr>
              <th scope="col">{t('contentReview.field')}</th>
              <th scope="col">{t('contentReview.now')}</th>
              <th scope="col">{t('contentReview.proposed')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field} data-field={c.field}>
                <th scope="row">{t(`works.field.${c.field}`)}</th>
                <td className={styles.now} data-label={t('contentReview.now')}>
                  {c.now || t('contentReview.empty')}
                </td>
                <td data-label={t('contentReview.proposed')}>
                  {c.proposed || t('contentReview.empty')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReviewDecision commentId={commentId} testIdPrefix="work-review" approveLabel={t('contentReview.approve')} onDecide={onDecide} />
    </li>
  );
}
