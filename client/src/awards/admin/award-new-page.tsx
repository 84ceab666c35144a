import type { EventSummary } from '@yunzhan/shared';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { RoleGate, useDocumentTitle } from '../../app/access-gate';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { issuesOfDetails } from '../../forms/server-errors';
import { createProgramme, fetchEventList } from './admin-api';
import { BusyButton, ErrorNote } from './admin-ui';
import './awards-admin.css';
import { CategoryFields } from './category-fields';
import { FormField, inputProps } from './form-field';
import { issueMessage, type FormError } from './programme-errors';
import { emptyCategory, emptyProgrammeForm, formFieldPaths, nextId, placeIssues, SCHEDULED_PHASES, validateProgrammeForm, type PathIssue, type ProgrammeForm } from './programme-form';

/** `/awards/new`: an admin creates an award programme; on success, its console opens. */
export function AwardNewPage() {
  const { t } = useI18n();
  useDocumentTitle(t('awardsAdmin.new.title'));
  return (
    <RoleGate allows={(user) => user?.role === 'admin'} title={t('awardsAdmin.new.title')} signInFirst={t('awardsAdmin.admin.signInFirst')} notAllowed={t('awardsAdmin.admin.notAllowed')} testId="award-new-forbidden">
      <NewProgrammeForm />
    </RoleGate>
  );
}

function NewProgrammeForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form, setForm] = useState<ProgrammeForm>(() => emptyProgrammeForm());
  const [errors, setErrors] = useState<Record<string, FormError>>({});
  const [unplaced, setUnplaced] = useState<FormError[]>([]);
  const [failure, setFailure] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);
  const [events, setEvents] = useState<EventSummary[]>([]);
  useEffect(() => {
    fetchEventList().then(setEvents, () => setEvents([])); // Without events the select offers "none" only.
  }, []);
  const known = useMemo(() => formFieldPaths(form), [form]);

  /** Applies an edit and drops the errors it may settle (at the path and inside it). */
  const edit = (next: ProgrammeForm, changedPath: string) => {
    setForm(next);
    setErrors((current) => {
      const keys = Object.keys(current).filter((k) => k === changedPath || k.startsWith(`${changedPath}.`));
      if (keys.length === 0) return current;
      const rest = { ...current };
      for (const k of keys) delete rest[k];
      return rest;
    });
  };

  const show = (issues: PathIssue[]) => {
    const placed = placeIssues(issues, known);
    setErrors(Object.fromEntries(Object.entries(placed.byPath).map(([path, issue]) => [path, issueMessage(issue)])));
    setUnplaced(placed.unplaced.map(issueMessage));
    // Bring the first problem into view.
    const first = Object.keys(placed.byPath)[0];
    if (first) requestAnimationFrame(() => document.getElementById(`award-${first.replace(/\./g, '-')}`)?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const result = validateProgrammeForm(form);
    if (!result.ok) {
      show(result.issues);
      return;
    }
    setErrors({});
    setUnplaced([]);
    setBusy(true);
    try {
      const created = await createProgramme(result.input);
      navigate(`/awards/${encodeURIComponent(created.id)}/admin`);
    } catch (e) {
      const error = toClientError(e);
      if (error.code === 'VALIDATION_FAILED' && issuesOfDetails(error.details).length > 0) {
        show(issuesOfDetails(error.details).map((i) => ({ path: i.path.split('.'), ...(i.message ? { message: i.message } : {}) })));
      } else if (error.code === 'CONFLICT') {
        setErrors({ id: { key: 'awardsAdmin.form.idTaken' } });
      } else {
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const text = (path: string, value: string, key: keyof ProgrammeForm, extra: { maxLength: number; lang?: string; multiline?: boolean; transform?: (v: string) => string }) => {
    const common = { ...inputProps(path, errors[path]), value, maxLength: extra.maxLength, lang: extra.lang };
    const onText = (v: string) => edit({ ...form, [key]: extra.transform ? extra.transform(v) : v }, path);
    return extra.multiline ? <textarea {...common} rows={3} onChange={(e) => onText(e.target.value)} /> : <input type="text" {...common} onChange={(e) => onText(e.target.value)} />;
  };

  const problems = Object.keys(errors).length + unplaced.length;
  return (
    <div className="page award-admin">
      <h1>{t('awardsAdmin.new.title')}</h1>
      <form className="award-form" onSubmit={(e) => void submit(e)} noValidate data-testid="award-new-form" aria-busy={busy || undefined}>
        <ErrorNote error={failure} testId="award-new-error" />
        {problems > 0 && (
          <div className="callout callout--error" role="alert" data-testid="award-new-problems">
            <p>{t('awardsAdmin.form.problems', { count: problems })}</p>
            {unplaced.length > 0 && (
              <ul>
                {unplaced.map((u, i) => (
                  <li key={i}>
                    {t(u.key, u.params)} {u.detail && <span lang="en">({u.detail})</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <fieldset className="award-form__group">
          <legend>{t('awardsAdmin.form.programme')}</legend>
          <div className="award-form__grid">
            <FormField path="id" label={t('awardsAdmin.form.id')} error={errors['id']} hint={t('awardsAdmin.form.idHint')}>
              {text('id', form.id, 'id', { maxLength: 64, transform: (v) => v.trim().toLowerCase() })}
            </FormField>
            <FormField path="title.zh-CN" label={t('awardsAdmin.form.titleZh')} error={errors['title.zh-CN']}>
              {text('title.zh-CN', form.titleZh, 'titleZh', { maxLength: 120, lang: 'zh-CN' })}
            </FormField>
            <FormField path="title.en" label={t('awardsAdmin.form.titleEn')} error={errors['title.en']}>
              {text('title.en', form.titleEn, 'titleEn', { maxLength: 120, lang: 'en' })}
            </FormField>
          </div>
          <FormField path="summary.zh-CN" label={t('awardsAdmin.form.summaryZh')} error={errors['summary.zh-CN']}>
            {text('summary.zh-CN', form.summaryZh, 'summaryZh', { maxLength: 2000, lang: 'zh-CN', multiline: true })}
          </FormField>
          <FormField path="summary.en" label={t('awardsAdmin.form.summaryEn')} error={errors['summary.en']}>
            {text('summary.en', form.summaryEn, 'summaryEn', { maxLength: 2000, lang: 'en', multiline: true })}
          </FormField>
          <FormField path="eventId" label={t('awardsAdmin.form.event')} error={errors['eventId']} hint={t('awardsAdmin.form.eventHint')}>
            <select className="select" {...inputProps('eventId', errors['eventId'])} value={form.eventId} onChange={(e) => edit({ ...form, eventId: e.target.value }, 'eventId')}>
              <option value="">{t('awardsAdmin.form.noEvent')}</option>
              {events.map((ev) => (
                <option key={ev.id} value={ev.id}>
                  {ev.title} ({ev.id})
                </option>
              ))}
            </select>
          </FormField>
        </fieldset>

        <fieldset className="award-form__group">
          <legend>{t('awardsAdmin.form.schedule')}</legend>
          <p className="small muted">{t('awardsAdmin.form.scheduleHint')}</p>
          <div className="award-form__grid">
            {SCHEDULED_PHASES.map((phase) => (
              <FormField key={phase} path={`schedule.${phase}`} label={t(`awardsAdmin.phase.${phase}`)} error={errors[`schedule.${phase}`]}>
                <input type="datetime-local" {...inputProps(`schedule.${phase}`, errors[`schedule.${phase}`])} value={form.schedule[phase]} onChange={(e) => edit({ ...form, schedule: { ...form.schedule, [phase]: e.target.value } }, `schedule.${phase}`)} />
              </FormField>
            ))}
          </div>
        </fieldset>

        <div className="award-form__group" role="group" aria-labelledby="award-categories-heading">
          <h2 id="award-categories-heading">{t('awardsAdmin.form.categories')}</h2>
          {errors['categories'] && (
            <p className="award-form__error" id="award-categories-error">
              {t(errors['categories'].key, errors['categories'].params)}
            </p>
          )}
          {form.categories.map((category, i) => (
            <CategoryFields
              key={i}
              index={i}
              category={category}
              errors={errors}
              onChange={(next, path) => edit({ ...form, categories: form.categories.map((c, k) => (k === i ? next : c)) }, path)}
              onRemove={form.categories.length > 1 ? () => edit({ ...form, categories: form.categories.filter((_, k) => k !== i) }, 'categories') : null}
            />
          ))}
          <button
            type="button"
            className="button"
            disabled={form.categories.length >= 20}
            data-testid="award-add-category"
            onClick={() => edit({ ...form, categories: [...form.categories, { ...emptyCategory(1), id: nextId('category', form.categories.map((c) => c.id)) }] }, 'categories')}
          >
            {t('awardsAdmin.form.addCategory')}
          </button>
        </div>

        <div className="row">
          <BusyButton type="submit" className="button button--primary" busy={busy} busyLabel={t('awardsAdmin.saving')} data-testid="award-create">
            {t('awardsAdmin.new.create')}
          </BusyButton>
        </div>
      </form>
    </div>
  );
}
