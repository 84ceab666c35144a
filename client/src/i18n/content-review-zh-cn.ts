// Words of content review (issue 10, finding 11): public texts change only when an admin
// approves the change. zh-CN is the source; content-review-en.ts has every key.

/** The content review's UI text in zh-CN. */
export const contentReviewZhCN = {
  'contentReview.editorPublic': '本展览已公开。你的修改（布局、导览、标题、简介）须在下次审核通过后才会对观众显示。',
  'contentReview.textsPending': '标题和简介的修改待审核；观众目前看到的标题是“{title}”。',
  'contentReview.workPending': '修改待审核：这件作品正在公开展出，管理员通过前观众看到的仍是已审核的版本（“{title}”）。',
  'contentReview.workReturned': '管理员退回了你的修改：{comment}。观众看到的仍是已审核的版本（“{title}”）。',
  'contentReview.badge.pending': '修改待审核',
  'contentReview.badge.returned': '修改已退回',
  'contentReview.exhibitionsHeading': '展览',
  'contentReview.textsNow': '观众现在看到：“{title}”——{summary}',
  'contentReview.worksHeading': '作品信息修改',
  'contentReview.worksEmpty': '没有等待审核的作品信息修改。',
  'contentReview.changes': '“{title}”的修改',
  'contentReview.field': '字段',
  'contentReview.now': '观众现在看到',
  'contentReview.proposed': '修改为',
  'contentReview.empty': '（空）',
  'contentReview.approve': '通过并发布',
  'contentReview.workApproved': '“{title}”的修改已发布。',
  'contentReview.workReturnedDone': '“{title}”的修改已退回。',
} as const;
