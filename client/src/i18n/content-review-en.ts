import type { Translation } from './dictionary';
import type { contentReviewZhCN } from './content-review-zh-cn';

// Words of content review in English (its own namespace, see namespaces.ts); every key of content-review-zh-cn.ts.

/** The content review's UI text in English. */
export const contentReviewEn: Translation<typeof contentReviewZhCN> = {
  'contentReview.editorPublic': 'This exhibition is public. Your changes (layout, tour, title, summary) reach visitors only when the next review approves them.',
  'contentReview.textsPending': 'Your title and summary edits await review; visitors see the title “{title}” until then.',
  'contentReview.workPending': 'Changes await review: this work is on show, and visitors see the approved version (“{title}”) until an admin approves them.',
  'contentReview.workReturned': 'An admin returned your changes: {comment}. Visitors still see the approved version (“{title}”).',
  'contentReview.badge.pending': 'Changes in review',
  'contentReview.badge.returned': 'Changes returned',
  'contentReview.exhibitionsHeading': 'Exhibitions',
  'contentReview.textsNow': 'Visitors see now: “{title}” — {summary}',
  'contentReview.worksHeading': 'Work metadata changes',
  'contentReview.worksEmpty': 'No work metadata changes are waiting for review.',
  'contentReview.changes': 'Changes to “{title}”',
  'contentReview.field': 'Field',
  'contentReview.now': 'Visitors see now',
  'contentReview.proposed': 'Proposed',
  'contentReview.empty': '(empty)',
  'contentReview.approve': 'Approve and publish',
  'contentReview.workApproved': 'The changes to “{title}” are published.',
  'contentReview.workReturnedDone': 'The changes to “{title}” were returned.',
};
