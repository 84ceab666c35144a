import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { toClientError } from '../../lib/client-error';
import { errorMessage } from '../../lib/error-messages';
import { ModLog, type ModLookup } from './mod-log';
import { ModQueueView } from './mod-queue';
import { ModSettings } from './mod-settings';
import type { ModAction, Moderation } from './use-moderation';

type Tab = 'queue' | 'settings' | 'log';
const TABS: readonly Tab[] = ['queue', 'settings', 'log'];

/** Runs a moderation action and reports a refusal; what each section uses. */
export type RunAction = (action: ModAction) => Promise<boolean>;

/** The moderators' drawer over the chat log: review queue, channel settings, the log. */
export function ModerationDrawer({ moderation, lookup, onClose }: { moderation: Moderation; lookup: ModLookup; onClose: () => void }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('queue');
  const [error, setError] = useState<string | null>(null);
  const { state } = moderation;

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

  return (
    <div className="mod-drawer" data-testid="mod-drawer" role="dialog" aria-label={t('mod.title')}>
      <div className="mod-drawer__head">
        <div className="mod-drawer__tabs" role="tablist">
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className={tab === id ? 'mod-drawer__tab mod-drawer__tab--on' : 'mod-drawer__tab'}
              data-testid={`mod-tab-${id}`}
              onClick={() => setTab(id)}
            >
              {t(`mod.tab.${id}`)}
              {id === 'queue' && state && state.held.length + state.reports.length > 0 && <span className="count">{state.held.length + state.reports.length}</span>}
            </button>
          ))}
        </div>
        <button type="button" className="chat__action" onClick={onClose} aria-label={t('mod.close')}>
          ✕
        </button>
      </div>
      {error && (
        <p className="chat__error" role="alert" data-testid="mod-error">
          {error}
        </p>
      )}
      <div className="mod-drawer__body" role="tabpanel">
        {!state ? (
          <p className="muted small">{t('common.loading')}</p>
        ) : tab === 'queue' ? (
          <ModQueueView held={state.held} reports={state.reports} run={run} lookup={lookup} />
        ) : tab === 'settings' ? (
          <ModSettings settings={state.settings} run={run} lookup={lookup} />
        ) : (
          <ModLog log={state.log} run={run} lookup={lookup} />
        )}
      </div>
    </div>
  );
}
