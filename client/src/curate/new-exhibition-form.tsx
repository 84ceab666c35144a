import { listTemplates } from '@yunzhan/scenes';
import { ExhibitionId, type Exhibition, type SceneKind } from '@yunzhan/shared';
import { useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { toClientError, type ClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { localizedText } from '../works/work-library';
import { createExhibition } from './curate-api';

const KIND_KEYS = { gallery: 'curate.kind.gallery', theatre: 'curate.kind.theatre', 'award-stage': 'curate.kind.award-stage' } as const satisfies Record<SceneKind, string>;

/** "New exhibition": id, title in both languages and a hall template picked from cards. */
export function NewExhibitionForm({ onCreated }: { onCreated: (exhibition: Exhibition) => void }) {
  const { t, locale } = useI18n();
  // Galleries are what works hang in; the theatre and award stage are listed after them.
  const templates = useMemo(() => listTemplates(), []);
  const [id, setId] = useState('');
  const [titleZh, setTitleZh] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [templateId, setTemplateId] = useState<string>(templates[0]?.id ?? 'white-cube');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const idValid = ExhibitionId.safeParse(id).success;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await createExhibition({ id, title: { 'zh-CN': titleZh.trim(), en: titleEn.trim() }, templateId }));
    } catch (e) {
      setError(toClientError(e));
    } finally {
      setBusy(false);
    }
  };
  const problem = error ? errorMessage(error.code, error.details) : null;

  return (
    <form className="form new-exhibition" onSubmit={(e) => void submit(e)} data-testid="new-exhibition-form">
      <h2>{t('curate.new')}</h2>
      {problem && (
        <p className="callout callout--error" role="alert" data-testid="new-exhibition-error" data-code={error?.code}>
          {t(problem.key, problem.params)}
        </p>
      )}
      <label className="field">
        <span>{t('curate.new.id')}</span>
        <input
          data-testid="new-exhibition-id"
          value={id}
          onChange={(e) => setId(e.target.value.trim().toLowerCase())}
          pattern="[a-z0-9][a-z0-9\-]{2,63}"
          aria-invalid={id !== '' && !idValid}
          aria-describedby="new-exhibition-id-hint"
          required
        />
        <small id="new-exhibition-id-hint" className="muted">
          {t('curate.new.idHint')}
        </small>
      </label>
      <label className="field">
        <span>{t('curate.new.titleZh')}</span>
        <input data-testid="new-exhibition-title-zh" value={titleZh} onChange={(e) => setTitleZh(e.target.value)} maxLength={120} required lang="zh-CN" />
      </label>
      <label className="field">
        <span>{t('curate.new.titleEn')}</span>
        <input data-testid="new-exhibition-title-en" value={titleEn} onChange={(e) => setTitleEn(e.target.value)} maxLength={120} lang="en" />
      </label>
      <fieldset className="template-picker">
        <legend>{t('curate.new.template')}</legend>
        {templates.map((tpl) => (
          <label key={tpl.id} className="template-card" data-testid="template-card" data-template-id={tpl.id}>
            <input type="radio" name="template" value={tpl.id} checked={templateId === tpl.id} onChange={() => setTemplateId(tpl.id)} />
            <span className="template-card__name">{localizedText(tpl.name, locale)}</span>
            <span className="badge">{t(KIND_KEYS[tpl.kind])}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button--primary" data-testid="new-exhibition-create" disabled={busy || !idValid || titleZh.trim() === ''}>
        {t('curate.new.create')}
      </button>
    </form>
  );
}
