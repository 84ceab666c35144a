import type { SubtitleLang, Work } from '@yunzhan/shared';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { toClientError, type ClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { badgeClass } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import { useSetSubtitles } from './use-work-mutations';
import styles from './work-form.module.css';

/** The languages, in the order the field lists them. */
const LANGS: readonly SubtitleLang[] = ['zh-CN', 'en'];
/** What the file pickers offer. */
const SUBTITLE_ACCEPT = '.vtt,.srt,text/vtt,application/x-subrip';

/** The review state of one language's file: as visitors see it, or a change in review (or returned). */
function reviewStateOf(work: Work, lang: SubtitleLang): 'public' | 'pending' | 'returned' {
  const change = work.metadataChange;
  if (!change) return 'public';
  const latest = work.metadata.subtitles?.[lang]?.sha256;
  const approved = change.approved.subtitles?.[lang]?.sha256;
  return latest === approved ? 'public' : change.status;
}

/** One language: its file (name, cues, review state), a picker to upload or replace it, and remove. */
function SubtitleRow({ work, lang }: { work: Work; lang: SubtitleLang }) {
  const { t } = useI18n();
  const mutation = useSetSubtitles();
  const [error, setError] = useState<ClientError | null>(null);
  const ref = work.metadata.subtitles?.[lang];
  const state = reviewStateOf(work, lang);
  const id = `work-subtitles-${lang}`;
  const send = (file: File | null) => {
    setError(null);
    mutation.mutateAsync({ workId: work.id, lang, file }).catch((e: unknown) => setError(toClientError(e)));
  };
  const line = (error?.details as { line?: unknown } | undefined)?.line;
  return (
    <div className={styles.section} data-testid={id} data-state={state}>
      <div className={layout.row}>
        <strong>{t(lang === 'zh-CN' ? 'works.subtitles.zh' : 'works.subtitles.en')}</strong>
        <span className={cx(text.muted, text.small)} data-testid={`${id}-file`}>
          {ref ? t('works.subtitles.file', { name: ref.filename || 'WebVTT', cues: ref.cues }) : state === 'public' ? t('works.subtitles.none') : t('works.subtitles.removed')}
        </span>
        {state !== 'public' && (
          <span className={badgeClass()} data-testid={`${id}-review`}>
            {t(state === 'pending' ? 'works.subtitles.pending' : 'works.subtitles.returned')}
          </span>
        )}
      </div>
      <div className={layout.row}>
        <input
          id={id}
          data-testid={`${id}-input`}
          className={`visually-hidden ${styles.fileInput}`}
          type="file"
          accept={SUBTITLE_ACCEPT}
          disabled={mutation.isPending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) send(file);
          }}
        />
        <label htmlFor={id} className={cx(buttonClass(), styles.pick)}>
          {ref ? t('works.subtitles.replace') : t('works.subtitles.choose')}
        </label>
        {ref && (
          <button type="button" className={buttonClass('ghost')} data-testid={`${id}-remove`} disabled={mutation.isPending} onClick={() => send(null)}>
            {t('works.subtitles.remove')}
          </button>
        )}
        {mutation.isPending && <span className={cx(text.muted, text.small)}>{t('common.working')}</span>}
      </div>
      {error && (
        <p className={calloutClass('error')} role="alert" data-testid={`${id}-error`}>
          {t(errorMessage(error.code, error.details).key)}
          {typeof line === 'number' ? ` ${t('works.subtitles.line', { line })}` : ''}
        </p>
      )}
    </div>
  );
}

/**
 * The subtitles of a video work (editing only): a WebVTT or SRT file per language, sent at once
 * (PUT /api/works/:id/subtitles/:lang). While visitors can see the work, a change waits for an
 * admin's review with the work's metadata; the curator's preview plays it meanwhile.
 */
export function SubtitlesField({ work }: { work: Work }) {
  const { t } = useI18n();
  return (
    <fieldset className={styles.section} data-testid="work-subtitles">
      <legend>{t('works.subtitles.legend')}</legend>
      <p className={cx(text.muted, text.small)}>{t('works.subtitles.hint')}</p>
      {LANGS.map((lang) => (
        <SubtitleRow key={lang} work={work} lang={lang} />
      ))}
    </fieldset>
  );
}
