import type { ExhibitionSummary } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../auth/auth-context';
import { queryKeys } from '../data/query-keys';
import { ExhibitionStatusBadge } from '../curate/exhibition-status-badge';
import { fetchReviewQueue, previewHref, reviewExhibition } from '../curate/curate-api';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { useToast } from '../ui/toast';
import { localizedText } from '../works/work-library';
import { ReviewDecision } from './review-decision';
import { WorkReviewList } from './work-review-list';
import queueStyles from './review-queue.module.css';
import styles from './reviews-page.module.css';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/**
 * `/admin/reviews`: exhibitions in review, each with a draft preview (and the title visitors see
 * now when it is being changed), approve, and return with a comment; below them the metadata
 * changes of works on show (WorkReviewList).
 */
export function ReviewsPage() {
  const { user, status } = useAuth();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const toast = useToast();
  const isAdmin = user?.role === 'admin';
  const query = useQuery({ queryKey: queryKeys.exhibitions.reviewQueue(), queryFn: fetchReviewQueue, enabled: isAdmin });
  const queue = query.data ?? null;
  const reviewing = useMutation({
    mutationFn: ({ id, decision, comment }: { id: string; decision: 'approve' | 'return'; comment: string }) => reviewExhibition(id, { decision, comment }),
    // The decision changes the exhibition everywhere it is listed (queue, lobby, curator's list).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.exhibitions.all }),
  });
  const error = query.error ? toClientError(query.error) : null;

  // A refusal rejects to the item's form (shown there); the decision made is a toast, as the item leaves the queue.
  const decide = async (item: ExhibitionSummary, decision: 'approve' | 'return', comment: string) => {
    await reviewing.mutateAsync({ id: item.id, decision, comment });
    const title = localizedText(item.title, locale);
    toast.show({ tone: 'success', title: t(decision === 'approve' ? 'review.approved' : 'review.returned', { title }), attributes: { 'data-testid': 'review-done' } });
  };

  if (status === 'loading') return <div className={layout.page} aria-busy="true" />;
  if (!isAdmin) {
    return (
      <div className={layout.page}>
        <p className={calloutClass('warning')} data-testid="reviews-forbidden">
          {t('review.adminsOnly')}
        </p>
      </div>
    );
  }
  const problem = error ? errorMessage(error.code, error.details) : null;
  return (
    <div className={layout.page} data-testid="reviews-page">
      <h1>{t('review.title')}</h1>
      {problem && (
        <p className={calloutClass('error')} role="alert" data-testid="review-error" data-code={error?.code}>
          {t(problem.key, problem.params)}
        </p>
      )}
      <div className={styles.sections}>
        <section aria-labelledby="exhibition-reviews-heading">
          <h2 id="exhibition-reviews-heading">{t('contentReview.exhibitionsHeading')}</h2>
          {queue === null ? (
            <p className={text.muted} aria-busy="true">
              {t('common.loading')}
            </p>
          ) : queue.length === 0 ? (
            <p className={text.muted} data-testid="reviews-empty">
              {t('review.empty')}
            </p>
          ) : (
            <ul className={queueStyles.queue}>
              {queue.map((item) => (
                <ReviewItem key={item.id} item={item} onDecide={(decision, comment) => decide(item, decision, comment)} />
              ))}
            </ul>
          )}
        </section>
        <WorkReviewList />
      </div>
    </div>
  );
}

/** One exhibition in the queue: title, state, preview link, approve, return with a required comment. */
function ReviewItem({ item, onDecide }: { item: ExhibitionSummary; onDecide: (decision: 'approve' | 'return', comment: string) => Promise<void> }) {
  const { t, locale } = useI18n();
  const commentId = `review-comment-${item.id}`;
  return (
    <li className={queueStyles.item} data-testid="review-item" data-exhibition-id={item.id}>
      <div className={queueStyles.head}>
        <h3 className={queueStyles.title}>{localizedText(item.title, locale)}</h3>
        <ExhibitionStatusBadge status={item.status} />
        <a className={buttonClass()} href={previewHref(item.id)} target="_blank" rel="noreferrer" data-testid="review-preview">
          {t('review.preview')}
        </a>
      </div>
      <p className={cx(text.small, text.muted)}>{localizedText(item.summary, locale)}</p>
      {item.approvedTexts && (
        <p className={text.small} data-testid="review-texts-now">
          {t('contentReview.textsNow', { title: localizedText(item.approvedTexts.title, locale), summary: localizedText(item.approvedTexts.summary, locale) })}
        </p>
      )}
      <ReviewDecision commentId={commentId} testIdPrefix="review" approveLabel={t('review.approve')} onDecide={onDecide} />
    </li>
  );
}
