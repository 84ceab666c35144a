// @vitest-environment jsdom
import '../../ui/test-setup';
import type { ModState } from '@yunzhan/shared';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/i18n';
import { NO_LOOKUP } from './mod-log';
import { ModerationDrawer } from './moderation-drawer';
import type { Moderation } from './use-moderation';

afterEach(cleanup);

const STATE: ModState = {
  settings: { channel: 'event:demo', slowModeSeconds: 0, membersOnly: false, membersOnlyMinAgeMinutes: 0, keywordRules: [], moderatorIds: [] },
  held: [],
  reports: [],
  log: [],
};

/** The drawer with its trigger, as the chat panel mounts it. */
function Harness() {
  const [open, setOpen] = useState(false);
  const moderation: Moderation = {
    state: STATE,
    act: async () => undefined,
    refresh: async () => undefined,
  };
  return (
    <I18nProvider>
      <ModerationDrawer
        moderation={moderation}
        lookup={NO_LOOKUP}
        open={open}
        onOpenChange={setOpen}
        trigger={
          <button type="button" data-testid="mod-open">
            管理
          </button>
        }
      />
    </I18nProvider>
  );
}

describe('ModerationDrawer', () => {
  it('opens from its button as a named modal dialog, keeps focus inside, and Escape returns focus to the button', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const trigger = screen.getByTestId('mod-open');
    await user.click(trigger);
    const drawer = screen.getByRole('dialog', { name: '管理' });
    expect(drawer.getAttribute('data-testid')).toBe('mod-drawer');
    for (let i = 0; i < 8; i++) {
      await user.tab();
      expect(drawer.contains(document.activeElement)).toBe(true);
    }
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('moves between queue, settings and log with the arrow keys', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByTestId('mod-open'));
    const queue = screen.getByRole('tab', { name: '审核队列' });
    expect(queue.getAttribute('aria-selected')).toBe('true');
    queue.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: '频道设置' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').contains(screen.getByTestId('mod-slow-mode'))).toBe(true);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: '操作日志' }));
  });

  it('closes from its named close button', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByTestId('mod-open'));
    await user.click(screen.getByRole('button', { name: '关闭管理面板' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('mod-open').getAttribute('aria-expanded')).toBe('false');
  });
});
