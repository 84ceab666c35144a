import { useState, type ReactElement } from 'react';
import { useI18n } from '../../i18n/i18n';
import { toClientError } from '../../lib/client-error';
import { errorMessage } from '../../lib/error-messages';
import { Drawer } from '../../ui/drawer';
import { Tabs } from '../../ui/tabs';
import parts from '../chat-parts.module.css';
import { ModLog, type ModLookup } from './mod-log';
import { ModQueueView } from './mod-queue';
import { ModSettings } from './mod-settings';
import type { ModAction, Moderation } from './use-moderation';
import styles from './moderation-drawer.module.css';
import { cx } from '../../ui/class-names';
import text from '../../ui/text.module.css';

type Tab = 'queue' | 'settings' | 'log';
const TABS: readonly Tab[] = ['queue', 'settings', 'log'];

/** Runs a moderation action and reports a refusal; what each section uses. */
export type RunAction = (action: ModAction) => Promise<boolean>;

/** Props of {@link ModerationDrawer}. */
interface ModerationDrawerProps {
  moderation: Moderation;
  lookup: ModLookup;
  /** The button that opens it (focus returns there). */
  trigger: ReactElement;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * The moderators' drawer (a modal side sheet; a bottom sheet on phones): review queue, channel
 * settings, the log, as tabs. Focus is kept inside, Escape closes, focus returns to the button.
 */
export function ModerationDrawer({ moderation, lookup, trigger, open, onOpenChange }: ModerationDrawerProps) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('queue');
  const [error, setError] = useState<string | null>(null);
  const { state } = moderation;
  const queued = state ? state.held.length + state.reports.length : 0;

  const run: RunAction = async (action) => {
    setError(null);
    try {
      await moderation.act(action);
      return true;
    } catch (e) {
      const clientError = toClientError(e);
      const message = errorMessage(clientError.code, clientError.details);
      setError(t(message.key, message.params));
      return false;
    }
  };

  const section = (id: Tab) =>
    !state ? (
      <p className={cx(text.muted, text.small)}>{t('common.loading')}</p>
    ) : id === 'queue' ? (
      <ModQueueView held={state.held} reports={state.reports} run={run} lookup={lookup} />
    ) : id === 'settings' ? (
      <ModSettings settings={state.settings} run={run} act={moderation.act} lookup={lookup} />
    ) : (
      <ModLog log={state.log} run={run} lookup={lookup} />
    );

  return (
    <Drawer
      title={t('mod.title')}
      closeLabel={t('mod.close')}
      trigger={trigger}
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(null);
        onOpenChange(next);
      }}
      panelProps={{ 'data-testid': 'mod-drawer', className: styles.drawer }}
    >
      {error && (
        <p className={parts.error} role="alert" data-testid="mod-error">
          {error}
        </p>
      )}
      <Tabs
        label={t('mod.title')}
        value={tab}
        onValueChange={setTab}
        items={TABS.map((id) => ({
          value: id,
          testId: `mod-tab-${id}`,
          label: (
            <>
              {t(`mod.tab.${id}`)}
              {id === 'queue' && queued > 0 && <span className={text.count}>{queued}</span>}
            </>
          ),
          content: section(id),
        }))}
      />
    </Drawer>
  );
}
