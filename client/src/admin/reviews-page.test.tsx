// @vitest-environment jsdom
import '../ui/test-setup';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../auth/auth-context';
import { fakeApi, renderForm, wireError, words, type FakeAnswer, type SentRequest } from '../forms/form-test-kit';
import { ReviewsPage } from './reviews-page';

// The admins' review queue and its decision form (approve, or return with a comment), against a
// fake API: the session, the two queues and POST …/review.

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const AT = '2026-01-01T00:00:00.000Z';
const exhibition = {
  id: 'spring-hall',
  title: { 'zh-CN': '春之厅', en: 'Spring hall' },
  summary: { 'zh-CN': '春天的作品', en: 'Works of spring' },
  ownerId: 'u1',
  status: 'in-review',
  revision: 3,
  review: null,
  createdAt: AT,
  updatedAt: AT,
  publishedAt: null,
};
const summary = { ...exhibition, templateId: 'gallery-small', workCount: 4, cover: null };

/** The page as an admin, with the fake API answering the queues and `review` answering the decision. */
function renderPage(review: (request: SentRequest) => FakeAnswer) {
  let decided = false;
  const sent = fakeApi((r) => {
    if (r.path === '/api/auth/me') return { status: 200, body: { user: { id: 'a1', username: 'admin', displayName: 'Admin', role: 'admin' } } };
    if (r.path === '/api/exhibitions?status=in-review') return { status: 200, body: decided ? [] : [summary] };
    if (r.path === '/api/works?review=pending') return { status: 200, body: [] };
    if (r.method === 'POST' && r.path === '/api/exhibitions/spring-hall/review') {
      const answer = review(r);
      decided = answer.status === 200;
      return answer;
    }
    return undefined;
  });
  const view = renderForm(
    <AuthProvider>
      <ReviewsPage />
    </AuthProvider>,
  );
  return { ...view, decisions: () => sent.filter((r) => r.method === 'POST') };
}

const approved = (r: SentRequest): FakeAnswer => ({ status: 200, body: { ...exhibition, status: (r.body as { decision: string }).decision === 'approve' ? 'approved' : 'returned', draft: { templateId: 'gallery-small' }, published: null } });

describe('ReviewsPage: deciding an exhibition', () => {
  it('approves without a comment, says so in a toast, and the item leaves the queue', async () => {
    const { user, decisions } = renderPage(approved);
    const item = await screen.findByTestId('review-item');
    await user.type(within(item).getByTestId('review-comment'), 'typed, then approved anyway');
    await user.click(within(item).getByTestId('review-approve'));
    const toast = await screen.findByTestId('review-done');
    expect(toast.textContent).toContain(words('review.approved', { title: '春之厅' }));
    await screen.findByTestId('reviews-empty');
    expect(decisions().map((r) => r.body)).toEqual([{ decision: 'approve', comment: '' }]);
  });

  it('returns only with a comment, trimmed; one over the shared limit is marked and nothing is sent', async () => {
    const { user, decisions } = renderPage(approved);
    const item = await screen.findByTestId('review-item');
    const back = within(item).getByTestId<HTMLButtonElement>('review-return');
    expect(back.disabled).toBe(true);
    const comment = within(item).getByLabelText(words('review.comment'));
    fireEvent.input(comment, { target: { value: 'x'.repeat(2001) } });
    await user.click(back);
    expect((await within(item).findByTestId('review-comment-error')).textContent).toBe(words('form.error.tooLong', { count: 2000 }));
    expect(comment.getAttribute('aria-invalid')).toBe('true');
    expect(decisions()).toEqual([]);

    await user.clear(comment);
    await user.type(comment, '  the labels are missing ');
    await user.click(back);
    await screen.findByTestId('review-done');
    expect(decisions().map((r) => r.body)).toEqual([{ decision: 'return', comment: 'the labels are missing' }]);
  });

  it("puts the server's issue about the comment on it, and another refusal under the item's buttons", async () => {
    let answer = wireError(400, 'VALIDATION_FAILED', 'Invalid comment: say why it is returned', { issues: [{ path: 'comment', message: 'say why it is returned' }] });
    const { user } = renderPage(() => answer);
    const item = await screen.findByTestId('review-item');
    await user.type(within(item).getByTestId('review-comment'), 'why');
    await user.click(within(item).getByTestId('review-return'));
    expect((await within(item).findByTestId('review-comment-error')).textContent).toBe(words('form.error.server'));
    expect(document.body.textContent).not.toContain('say why it is returned');

    answer = wireError(409, 'INVALID_STATE', 'not in review');
    await user.click(within(item).getByTestId('review-approve'));
    const alert = await within(item).findByTestId('review-decision-error');
    expect(alert.getAttribute('data-code')).toBe('INVALID_STATE');
    expect(screen.queryByTestId('review-done')).toBeNull();
  });
});
