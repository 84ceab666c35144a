import type { ChannelSettings, KeywordRuleAction } from '@yunzhan/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n';
import { buttonClass } from '../../ui/button';
import parts from '../chat-parts.module.css';
import type { ModLookup } from './mod-log';
import listStyles from './mod-list.module.css';
import styles from './mod-settings.module.css';
import type { RunAction } from './moderation-drawer';

/** Slow mode choices, in seconds (0 is off). */
export const SLOW_MODE_CHOICES = [0, 3, 5, 10, 30, 60, 300] as const;

/** A channel's settings: slow mode, members-only, keyword rules and moderators. */
export function ModSettings({ settings, run, lookup }: { settings: ChannelSettings; run: RunAction; lookup: ModLookup }) {
  const { t } = useI18n();
  const [phrase, setPhrase] = useState('');
  const [ruleAction, setRuleAction] = useState<KeywordRuleAction>('hold');
  const [moderatorId, setModeratorId] = useState('');
  const [minAge, setMinAge] = useState(settings.membersOnlyMinAgeMinutes);
  const slowChoices = SLOW_MODE_CHOICES.includes(settings.slowModeSeconds as (typeof SLOW_MODE_CHOICES)[number])
    ? SLOW_MODE_CHOICES
    : [...SLOW_MODE_CHOICES, settings.slowModeSeconds].sort((a, b) => a - b);

  const addRule = async (e: FormEvent) => {
    e.preventDefault();
    const text = phrase.trim();
    if (text && (await run({ type: 'keyword-add', phrase: text, action: ruleAction }))) setPhrase('');
  };
  const addModerator = async (e: FormEvent) => {
    e.preventDefault();
    const id = moderatorId.trim();
    if (id && (await run({ type: 'moderator-add', userId: id }))) setModeratorId('');
  };

  return (
    <div className={styles.settings}>
      <label className="field">
        <span>{t('mod.slowMode')}</span>
        <select
          className="select"
          data-testid="mod-slow-mode"
          value={settings.slowModeSeconds}
          onChange={(e) => void run({ type: 'slow-mode', seconds: Number(e.target.value) })}
        >
          {slowChoices.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? t('mod.slowOff') : t('mod.slowSeconds', { seconds: s })}
            </option>
          ))}
        </select>
      </label>
      <fieldset className={styles.group}>
        <legend>{t('mod.membersOnly')}</legend>
        <label className={parts.check}>
          <input
            type="checkbox"
            data-testid="mod-members-only"
            checked={settings.membersOnly}
            onChange={(e) => void run({ type: 'members-only', on: e.target.checked, minAgeMinutes: minAge })}
          />
          {t('mod.membersOnlyOn')}
        </label>
        <label className="field">
          <span>{t('mod.membersMinAge')}</span>
          <input
            type="number"
            min={0}
            max={525_600}
            value={minAge}
            onChange={(e) => setMinAge(Math.max(0, Math.min(525_600, Math.floor(Number(e.target.value) || 0))))}
            onBlur={() => settings.membersOnly && minAge !== settings.membersOnlyMinAgeMinutes && void run({ type: 'members-only', on: true, minAgeMinutes: minAge })}
          />
        </label>
      </fieldset>
      <fieldset className={styles.group}>
        <legend>{t('mod.keywords')}</legend>
        <ul className={listStyles.list} data-testid="mod-keywords">
          {settings.keywordRules.map((r) => (
            <li key={r.id} className={listStyles.row} data-testid="mod-keyword" data-rule-id={r.id}>
              <span className={`chat__text ${listStyles.rowText}`}>{r.phrase}</span>
              <span className={parts.tag}>{t(`mod.keyword.${r.action}`)}</span>
              <button
                type="button"
                className={parts.action}
                data-testid="mod-keyword-remove"
                aria-label={t('mod.keywordRemove', { phrase: r.phrase })}
                onClick={() => void run({ type: 'keyword-remove', ruleId: r.id })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <form className="row" onSubmit={addRule}>
          <input
            className="chat__input"
            data-testid="mod-keyword-phrase"
            value={phrase}
            maxLength={100}
            onChange={(e) => setPhrase(e.target.value)}
            placeholder={t('mod.keywordPhrase')}
            aria-label={t('mod.keywordPhrase')}
          />
          <select className="select" data-testid="mod-keyword-action" aria-label={t('mod.keywordAction')} value={ruleAction} onChange={(e) => setRuleAction(e.target.value as KeywordRuleAction)}>
            <option value="hold">{t('mod.keyword.hold')}</option>
            <option value="hide">{t('mod.keyword.hide')}</option>
          </select>
          <button type="submit" className={buttonClass('small')} data-testid="mod-keyword-add" disabled={phrase.trim() === ''}>
            {t('mod.add')}
          </button>
        </form>
      </fieldset>
      <fieldset className={styles.group}>
        <legend>{t('mod.moderators')}</legend>
        <ul className={listStyles.list} data-testid="mod-moderators">
          {settings.moderatorIds.map((id) => (
            <li key={id} className={listStyles.row} data-testid="mod-moderator">
              <span className={`chat__text ${listStyles.rowText}`}>{lookup.name(id)}</span>
              {lookup.name(id) !== id && <code className="small muted">{id}</code>}
              <button type="button" className={parts.action} aria-label={t('mod.moderatorRemove', { user: lookup.name(id) })} onClick={() => void run({ type: 'moderator-remove', userId: id })}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <form className="row" onSubmit={addModerator}>
          <input
            className="chat__input"
            data-testid="mod-moderator-id"
            value={moderatorId}
            maxLength={64}
            onChange={(e) => setModeratorId(e.target.value)}
            placeholder={t('mod.moderatorId')}
            aria-label={t('mod.moderatorId')}
          />
          <button type="submit" className={buttonClass('small')} data-testid="mod-moderator-add" disabled={moderatorId.trim() === ''}>
            {t('mod.add')}
          </button>
        </form>
      </fieldset>
    </div>
  );
}
