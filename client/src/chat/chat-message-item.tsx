import { ChatReportInput, type ChatMessage } from '@yunzhan/shared';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import type { ModAction } from './moderation/use-moderation';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import { FormAlert, FormField } from '../ui/form-field';
import { Menu, type MenuItem } from '../ui/menu';
import { useToast } from '../ui/toast';
import styles from './chat-message-item.module.css';
import parts from './chat-parts.module.css';
import { RoleBadge } from './role-badge';
import controls from '../ui/controls.module.css';
import layout from '../ui/layout.module.css';

/** How long the inline "mute" mutes for, in seconds (10 minutes). */
export const QUICK_MUTE_SECONDS = 600;

interface ChatMessageItemProps {
  message: ChatMessage;
  /** The signed-in viewer's id, or null. */
  ownUserId: string | null;
  /** Whether the viewer moderates the channel (inline delete / pin / mute / ban). */
  moderator: boolean;
  onReply: (message: ChatMessage) => void;
  onReport: (messageId: string, reason: ChatReportInput['reason'], note: string) => Promise<void>;
  onModerate: (action: ModAction) => Promise<void>;
}

/** One chat message: the quote it answers, author, time, text (always as text), and its actions. */
export function ChatMessageItem({ message: m, ownUserId, moderator, onReply, onReport, onModerate }: ChatMessageItemProps) {
  const { t, formatTime } = useI18n();
  const [reporting, setReporting] = useState(false);
  const toast = useToast();
  const own = ownUserId !== null && m.userId === ownUserId;
  const mentionsMe = ownUserId !== null && m.mentions.includes(ownUserId);
  const signedIn = ownUserId !== null;
  const classes = cx(styles.message, mentionsMe && styles.mention, m.status !== 'visible' && styles[m.status]);

  // What a command did (muted, banned) or why it failed is news once: a toast, not a line left under the message.
  const run = async (action: () => Promise<void>, done?: string) => {
    try {
      await action();
      if (done) toast.show({ tone: 'success', title: done, attributes: { 'data-testid': 'chat-feedback' } });
    } catch (error) {
      const e = toClientError(error);
      const msg = errorMessage(e.code, e.details);
      toast.show({ tone: 'error', title: t(msg.key, msg.params), attributes: { 'data-testid': 'chat-feedback', 'data-code': e.code } });
    }
  };

  // The message's commands: report for others' messages; moderators' actions (mute and ban only
  // for someone else).
  const menuItems: MenuItem[] = [];
  if (!own) menuItems.push({ label: t('chat.report'), testId: 'chat-report', onSelect: () => setReporting(true) });
  if (moderator) {
    if (m.status === 'held' || m.status === 'hidden') {
      menuItems.push({ label: t('mod.approve'), testId: 'chat-mod-approve', onSelect: () => void run(() => onModerate({ type: 'approve', messageId: m.id })) });
    } else {
      menuItems.push({
        label: m.pinned ? t('mod.unpin') : t('mod.pin'),
        testId: 'chat-mod-pin',
        onSelect: () => void run(() => onModerate({ type: m.pinned ? 'unpin' : 'pin', messageId: m.id })),
      });
    }
    menuItems.push({ label: t('mod.delete'), testId: 'chat-mod-delete', onSelect: () => void run(() => onModerate({ type: 'delete', messageId: m.id })) });
    if (!own) {
      menuItems.push({
        label: t('mod.mute10'),
        testId: 'chat-mod-mute',
        onSelect: () => void run(() => onModerate({ type: 'mute', userId: m.userId, seconds: QUICK_MUTE_SECONDS }), t('mod.mutedUser', { name: m.displayName })),
      });
      menuItems.push({
        label: t('mod.ban'),
        testId: 'chat-mod-ban',
        danger: true,
        onSelect: () => void run(() => onModerate({ type: 'ban', userId: m.userId }), t('mod.bannedUser', { name: m.displayName })),
      });
    }
  }

  return (
    <li
      className={classes}
      data-testid="chat-message"
      data-message-id={m.id}
      data-seq={m.seq}
      data-status={m.status}
      data-mention={mentionsMe ? 'me' : undefined}
    >
      {m.replyTo && (
        <blockquote className={parts.quote} data-testid="chat-quote">
          <span className={parts.quoteAuthor}>{m.replyTo.displayName}</span> {m.replyTo.excerpt}
        </blockquote>
      )}
      <span className={parts.meta}>
        <span className={cx(parts.author, own && styles.ownAuthor)}>{m.displayName}</span>
        <RoleBadge badge={m.badge} />
        <time className={parts.time} dateTime={m.createdAt}>
          {formatTime(m.createdAt)}
        </time>
        {m.pinned && <span className={parts.tag}>{t('chat.pinnedTag')}</span>}
        {m.status === 'held' && (
          <span className={`${parts.tag} ${parts.held}`} data-testid="chat-held">
            {own && !moderator ? t('chat.heldOwn') : t('chat.heldTag')}
          </span>
        )}
        {m.status === 'hidden' && <span className={`${parts.tag} ${parts.held}`}>{t('chat.hiddenTag')}</span>}
      </span>
      <span className={cx(parts.text, styles.text)}>{m.status === 'deleted' ? t('chat.deletedText') : m.text}</span>
      {m.status !== 'deleted' && signedIn && (
        <span className={styles.actions}>
          {m.status === 'visible' && (
            <button type="button" className={parts.action} data-testid="chat-reply" onClick={() => onReply(m)}>
              {t('chat.reply')}
            </button>
          )}
          {(!own || moderator) && (
            <Menu
              inline
              label={t('chat.moreActions', { name: m.displayName })}
              triggerTestId="chat-more"
              testId="chat-menu"
              items={menuItems}
            />
          )}
        </span>
      )}
      {reporting && (
        <ReportForm
          idPrefix={`report-${m.id}`}
          onCancel={() => setReporting(false)}
          onSubmit={(reason, note) => onReport(m.id, reason, note)}
          onReported={() => {
            setReporting(false);
            toast.show({ tone: 'success', title: t('chat.reported'), attributes: { 'data-testid': 'chat-feedback' } });
          }}
        />
      )}
    </li>
  );
}

/** The report form's values, checked with the shared chat:report rules. */
const ReportFormSchema = z.object({ reason: ChatReportInput.shape.reason, note: ChatReportInput.shape.note.unwrap() });
type ReportValues = z.output<typeof ReportFormSchema>;
const reportResolver = schemaResolver(ReportFormSchema);

/**
 * Why a message is reported: a reason and an optional note (react-hook-form on the shared
 * ChatReportInput). A refusal of either lands on it; any other refusal shows in the form.
 */
function ReportForm({ idPrefix, onSubmit, onReported, onCancel }: {
  /** Prefix of the form's DOM ids (one form per message). */
  idPrefix: string;
  onSubmit: (reason: ChatReportInput['reason'], note: string) => Promise<void>;
  onReported: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ReportValues, unknown, ReportValues>({ resolver: reportResolver, defaultValues: { reason: 'spam', note: '' } });
  const submit = handleSubmit(async ({ reason, note }) => {
    try {
      await onSubmit(reason, note);
      onReported();
    } catch (error) {
      applyServerError(error, setError, { fields: ['reason', 'note'] });
    }
  });
  return (
    <form className={styles.report} onSubmit={(e) => void submit(e)} noValidate data-testid="chat-report-form" aria-busy={isSubmitting || undefined}>
      <FormField id={`${idPrefix}-reason`} testId="chat-report-reason" label={t('chat.reportReason')} error={errors.reason}>
        {(control) => (
          // Four plain reasons: the native picker (phones show their own).
          <select className={controls.select} {...control} {...register('reason')}>
            {ChatReportInput.shape.reason.options.map((r) => (
              <option key={r} value={r}>
                {t(`chat.reason.${r}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id={`${idPrefix}-note`} testId="chat-report-note" label={t('chat.reportNote')} error={errors.note}>
        {(control) => <input className={cx(controls.input, parts.input)} {...control} {...register('note')} />}
      </FormField>
      <FormAlert error={errors.root?.server} testId="chat-report-error" />
      <span className={layout.row}>
        <button type="submit" className={buttonClass('small', 'primary')} data-testid="chat-report-submit" disabled={isSubmitting}>
          {t('chat.reportSend')}
        </button>
        <button type="button" className={buttonClass('small', 'ghost')} onClick={onCancel}>
          {t('chat.cancel')}
        </button>
      </span>
    </form>
  );
}
