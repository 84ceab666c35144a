import { WorkKind } from '@yunzhan/shared';
import { useI18n } from '../../i18n/i18n';
import { KIND_KEYS } from '../../works/work-labels';
import { FormField, inputProps, PathError, pathDomId } from './form-field';
import type { FormError } from './programme-errors';
import { emptyCriterion, nextId, type CategoryForm, type CriterionForm } from './programme-form';

/** The fields of one category of the new-programme form, with its rubric rows. */
export function CategoryFields({ index, category, errors, onChange, onRemove }: {
  index: number;
  category: CategoryForm;
  errors: Readonly<Record<string, FormError>>;
  onChange: (next: CategoryForm, changedPath: string) => void;
  /** Null when this is the only category (a programme needs one). */
  onRemove: (() => void) | null;
}) {
  const { t } = useI18n();
  const at = `categories.${index}`;
  const set = <K extends keyof CategoryForm>(key: K, value: CategoryForm[K], path: string) => onChange({ ...category, [key]: value }, `${at}.${path}`);
  const setCriterion = (j: number, patch: Partial<CriterionForm>, path: string) =>
    onChange({ ...category, rubric: category.rubric.map((r, k) => (k === j ? { ...r, ...patch } : r)) }, `${at}.rubric.${j}.${path}`);
  const text = (path: string, value: string, onText: (v: string) => void, extra: { maxLength?: number; lang?: string } = {}) => (
    <input type="text" {...inputProps(path, errors[path])} {...extra} value={value} onChange={(e) => onText(e.target.value)} />
  );
  const number = (path: string, value: string, onText: (v: string) => void, attrs: { min: number; max: number; step: number | 'any' }) => (
    <input type="number" inputMode="decimal" {...inputProps(path, errors[path])} {...attrs} value={value} onChange={(e) => onText(e.target.value)} />
  );

  return (
    <fieldset className="award-form__category" data-testid={`award-category-${index}`}>
      <legend>{t('awardsAdmin.form.category', { n: index + 1 })}</legend>
      <div className="award-form__grid">
        <FormField path={`${at}.id`} label={t('awardsAdmin.form.categoryId')} error={errors[`${at}.id`]}>
          {text(`${at}.id`, category.id, (v) => set('id', v.trim().toLowerCase(), 'id'), { maxLength: 64 })}
        </FormField>
        <FormField path={`${at}.title.zh-CN`} label={t('awardsAdmin.form.titleZh')} error={errors[`${at}.title.zh-CN`]}>
          {text(`${at}.title.zh-CN`, category.titleZh, (v) => set('titleZh', v, 'title.zh-CN'), { maxLength: 120, lang: 'zh-CN' })}
        </FormField>
        <FormField path={`${at}.title.en`} label={t('awardsAdmin.form.titleEn')} error={errors[`${at}.title.en`]}>
          {text(`${at}.title.en`, category.titleEn, (v) => set('titleEn', v, 'title.en'), { maxLength: 120, lang: 'en' })}
        </FormField>
      </div>

      <fieldset className="award-form__rubric">
        <legend>{t('awardsAdmin.form.rubric')}</legend>
        <PathError path={`${at}.rubric`} error={errors[`${at}.rubric`]} />
        {category.rubric.map((r, j) => {
          const rp = `${at}.rubric.${j}`;
          return (
            <div key={j} className="award-form__criterion" data-testid={`award-criterion-${index}-${j}`}>
              <FormField path={`${rp}.id`} label={t('awardsAdmin.form.criterionId')} error={errors[`${rp}.id`]}>
                {text(`${rp}.id`, r.id, (v) => setCriterion(j, { id: v.trim().toLowerCase() }, 'id'), { maxLength: 64 })}
              </FormField>
              <FormField path={`${rp}.label.zh-CN`} label={t('awardsAdmin.form.labelZh')} error={errors[`${rp}.label.zh-CN`]}>
                {text(`${rp}.label.zh-CN`, r.labelZh, (v) => setCriterion(j, { labelZh: v }, 'label.zh-CN'), { maxLength: 80, lang: 'zh-CN' })}
              </FormField>
              <FormField path={`${rp}.label.en`} label={t('awardsAdmin.form.labelEn')} error={errors[`${rp}.label.en`]}>
                {text(`${rp}.label.en`, r.labelEn, (v) => setCriterion(j, { labelEn: v }, 'label.en'), { maxLength: 80, lang: 'en' })}
              </FormField>
              <FormField path={`${rp}.weight`} label={t('awardsAdmin.form.weight')} error={errors[`${rp}.weight`]}>
                {number(`${rp}.weight`, r.weight, (v) => setCriterion(j, { weight: v }, 'weight'), { min: 0, max: 100, step: 'any' })}
              </FormField>
              <FormField path={`${rp}.max`} label={t('awardsAdmin.form.maxScore')} error={errors[`${rp}.max`]}>
                {number(`${rp}.max`, r.max, (v) => setCriterion(j, { max: v }, 'max'), { min: 1, max: 100, step: 1 })}
              </FormField>
              <button
                type="button"
                className="button button--ghost"
                disabled={category.rubric.length <= 1}
                data-testid={`award-remove-criterion-${index}-${j}`}
                onClick={() => onChange({ ...category, rubric: category.rubric.filter((_, k) => k !== j) }, `${at}.rubric`)}
              >
                {t('awardsAdmin.form.removeCriterion')}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="button"
          disabled={category.rubric.length >= 10}
          data-testid={`award-add-criterion-${index}`}
          onClick={() => {
            const id = nextId('criterion', category.rubric.map((r) => r.id));
            onChange({ ...category, rubric: [...category.rubric, { ...emptyCriterion(1), id }] }, `${at}.rubric`);
          }}
        >
          {t('awardsAdmin.form.addCriterion')}
        </button>
      </fieldset>

      <fieldset className="award-form__kinds" aria-describedby={errors[`${at}.eligibility.kinds`] ? `${pathDomId(`${at}.eligibility.kinds`)}-error` : undefined}>
        <legend>{t('awardsAdmin.form.kinds')}</legend>
        {WorkKind.options.map((kind) => (
          <label key={kind} className="award-form__check">
            <input
              type="checkbox"
              data-testid={`${pathDomId(at)}-kind-${kind}`}
              checked={category.kinds.includes(kind)}
              onChange={(e) => set('kinds', e.target.checked ? [...category.kinds, kind] : category.kinds.filter((k) => k !== kind), 'eligibility.kinds')}
            />{' '}
            {t(KIND_KEYS[kind])}
          </label>
        ))}
        <PathError path={`${at}.eligibility.kinds`} error={errors[`${at}.eligibility.kinds`]} />
      </fieldset>

      <div className="award-form__grid">
        <FormField path={`${at}.votesPerAccount`} label={t('awardsAdmin.form.votesPerAccount')} error={errors[`${at}.votesPerAccount`]}>
          {number(`${at}.votesPerAccount`, category.votesPerAccount, (v) => set('votesPerAccount', v, 'votesPerAccount'), { min: 1, max: 10, step: 1 })}
        </FormField>
        <FormField path={`${at}.aggregation`} label={t('awardsAdmin.form.aggregation')} error={errors[`${at}.aggregation`]}>
          <select className="select" {...inputProps(`${at}.aggregation`, errors[`${at}.aggregation`])} value={category.aggregation} onChange={(e) => set('aggregation', e.target.value as CategoryForm['aggregation'], 'aggregation')}>
            <option value="mean">{t('awardsAdmin.form.mean')}</option>
            <option value="trimmed-mean">{t('awardsAdmin.form.trimmedMean')}</option>
          </select>
        </FormField>
        {category.aggregation === 'trimmed-mean' && (
          <FormField path={`${at}.trimShare`} label={t('awardsAdmin.form.trimShare')} error={errors[`${at}.trimShare`]} hint={t('awardsAdmin.form.trimShareHint')}>
            {number(`${at}.trimShare`, category.trimShare, (v) => set('trimShare', v, 'trimShare'), { min: 0, max: 0.4, step: 0.05 })}
          </FormField>
        )}
        <FormField path={`${at}.tallies`} label={t('awardsAdmin.form.tallies')} error={errors[`${at}.tallies`]}>
          <select className="select" {...inputProps(`${at}.tallies`, errors[`${at}.tallies`])} value={category.tallies} onChange={(e) => set('tallies', e.target.value as CategoryForm['tallies'], 'tallies')}>
            <option value="hidden">{t('awardsAdmin.form.talliesHidden')}</option>
            <option value="live">{t('awardsAdmin.form.talliesLive')}</option>
          </select>
        </FormField>
        <FormField path={`${at}.winnerBy`} label={t('awardsAdmin.form.winnerBy')} error={errors[`${at}.winnerBy`]}>
          <select className="select" {...inputProps(`${at}.winnerBy`, errors[`${at}.winnerBy`])} value={category.winnerBy} onChange={(e) => set('winnerBy', e.target.value as CategoryForm['winnerBy'], 'winnerBy')}>
            <option value="jury">{t('awardsAdmin.form.winnerJury')}</option>
            <option value="public">{t('awardsAdmin.form.winnerPublic')}</option>
          </select>
        </FormField>
      </div>
      <label className="award-form__check">
        <input type="checkbox" {...inputProps(`${at}.blindEntrant`, errors[`${at}.blindEntrant`])} checked={category.blindEntrant} onChange={(e) => set('blindEntrant', e.target.checked, 'blindEntrant')} />{' '}
        {t('awardsAdmin.form.blindEntrant')}
      </label>
      {onRemove && (
        <div className="row">
          <span className="spacer" />
          <button type="button" className="button button--ghost" data-testid={`award-remove-category-${index}`} onClick={onRemove}>
            {t('awardsAdmin.form.removeCategory')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
