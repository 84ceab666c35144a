// @vitest-environment jsdom
import '../../ui/test-setup';
import type { ChannelSettings } from '@yunzhan/shared';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderForm, words } from '../../forms/form-test-kit';
import { ClientError } from '../../lib/client-error';
import { NO_LOOKUP } from './mod-log';
import { ModSettings } from './mod-settings';
import type { ModAction } from './use-moderation';

// The moderation settings' forms. Their network boundary is `act` / `run` (the moderation hook's
// `mod:act` over the socket), answered here as the server's ack would be.

afterEach(cleanup);

const settings: ChannelSettings = {
  channel: 'event:demo',
  slowModeSeconds: 0,
  membersOnly: false,
  membersOnlyMinAgeMinutes: 0,
  keywordRules: [{ id: 'r1', phrase: 'spam', action: 'hide' }],
  moderatorIds: [],
};

function renderSettings(act: (action: ModAction) => Promise<void>) {
  const run = vi.fn(async () => true);
  const view = renderForm(<ModSettings settings={settings} run={run} act={act} lookup={NO_LOOKUP} />);
  return { ...view, run };
}

const field = (testId: string) => screen.getByTestId<HTMLInputElement>(testId);

describe('ModSettings', () => {
  it('adds a keyword rule with the trimmed phrase and the chosen action, then empties the phrase', async () => {
    const act = vi.fn(async () => undefined);
    const { user } = renderSettings(act);
    await user.type(screen.getByLabelText(words('mod.keywordPhrase')), '  spoiler ');
    await user.selectOptions(screen.getByLabelText(words('mod.keywordAction')), 'hold');
    await user.click(screen.getByTestId('mod-keyword-add'));
    await waitFor(() => expect(act).toHaveBeenCalledWith({ type: 'keyword-add', phrase: 'spoiler', action: 'hold' }));
    await waitFor(() => expect(field('mod-keyword-phrase').value).toBe(''));
  });

  it('marks a blank phrase and one over the shared limit on the phrase, and sends nothing', async () => {
    const act = vi.fn(async () => undefined);
    const { user } = renderSettings(act);
    await user.type(field('mod-keyword-phrase'), '   ');
    await user.click(screen.getByTestId('mod-keyword-add'));
    expect((await screen.findByTestId('mod-keyword-phrase-error')).textContent).toBe(words('form.error.required'));
    expect(document.activeElement).toBe(field('mod-keyword-phrase'));
    fireEvent.input(field('mod-keyword-phrase'), { target: { value: 'x'.repeat(101) } });
    await user.click(screen.getByTestId('mod-keyword-add'));
    await waitFor(() => expect(screen.getByTestId('mod-keyword-phrase-error').textContent).toBe(words('form.error.tooLong', { count: 100 })));
    expect(act).not.toHaveBeenCalled();
  });

  it("puts the server's issue at action.phrase on the phrase, and a refusal that names no field in the form", async () => {
    let refusal = new ClientError('VALIDATION_FAILED', 'Invalid action.phrase', { issues: [{ path: 'action.phrase', message: 'Too big' }] });
    const { user } = renderSettings(async () => {
      throw refusal;
    });
    await user.type(field('mod-keyword-phrase'), 'spoiler');
    await user.click(screen.getByTestId('mod-keyword-add'));
    expect((await screen.findByTestId('mod-keyword-phrase-error')).textContent).toBe(words('form.error.server'));
    expect(field('mod-keyword-phrase').getAttribute('aria-invalid')).toBe('true');
    expect(field('mod-keyword-phrase').value).toBe('spoiler');

    refusal = new ClientError('FORBIDDEN', 'not a moderator');
    await user.click(screen.getByTestId('mod-keyword-add'));
    expect((await screen.findByTestId('mod-keyword-error')).getAttribute('data-code')).toBe('FORBIDDEN');
    expect(document.body.textContent).not.toContain('Too big');
  });

  it('adds a moderator by trimmed id, marks a blank id, and puts the server issue at action.userId on the id', async () => {
    let refusal: ClientError | null = null;
    const act = vi.fn(async () => {
      if (refusal) throw refusal;
    });
    const { user } = renderSettings(act);
    await user.click(screen.getByTestId('mod-moderator-add'));
    expect((await screen.findByTestId('mod-moderator-id-error')).textContent).toBe(words('form.error.required'));
    expect(act).not.toHaveBeenCalled();

    await user.type(field('mod-moderator-id'), ' u_42 ');
    await user.click(screen.getByTestId('mod-moderator-add'));
    await waitFor(() => expect(act).toHaveBeenCalledWith({ type: 'moderator-add', userId: 'u_42' }));
    await waitFor(() => expect(field('mod-moderator-id').value).toBe(''));

    refusal = new ClientError('VALIDATION_FAILED', 'Invalid action.userId', { issues: [{ path: 'action.userId', message: 'no such user' }] });
    await user.type(field('mod-moderator-id'), 'nobody');
    await user.click(screen.getByTestId('mod-moderator-add'));
    expect((await screen.findByTestId('mod-moderator-id-error')).textContent).toBe(words('form.error.server'));
    expect(field('mod-moderator-id').getAttribute('aria-invalid')).toBe('true');
  });

  it('changes slow mode at once through the drawer', async () => {
    const { user, run } = renderSettings(async () => undefined);
    await user.selectOptions(screen.getByTestId('mod-slow-mode'), '30');
    expect(run).toHaveBeenCalledWith({ type: 'slow-mode', seconds: 30 });
  });
});
