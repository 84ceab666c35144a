import { CaptionersInput, MAX_CAPTIONERS, type CaptionerList } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import { queryKeys } from '../data/query-keys';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import card from '../ui/card.module.css';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import { FormAlert, FormField } from '../ui/form-field';
import text from '../ui/text.module.css';
import { fetchCaptioners, saveCaptioners } from './captioners-api';
import styles from './captioners-panel.module.css';

/** The add form's value: one username, as the shared list takes it. */
const AddForm = z.object({ username: CaptionersInput.shape.usernames.element });
type AddValues = z.input<typeof AddForm>;
const addResolver = schemaResolver(AddForm);

/**
 * "Captioners" in the host console: the accounts that type this event's live captions on its
 * caption page (`/caption/:eventId`), added by username and removed one by one. Every change
 * sends the whole list (PUT); the server's answer becomes the list shown.
 */
export function CaptionersPanel({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.events.captioners(eventId), queryFn: () => fetchCaptioners(eventId) });
  // Adding and removing are two mutations of the same list, so each shows its own refusal.
  const saving = {
    mutationFn: (usernames: readonly string[]) => saveCaptioners(eventId, usernames),
    onSuccess: (list: CaptionerList) => queryClient.setQueryData(queryKeys.events.captioners(eventId), list),
  };
  const save = useMutation(saving);
  const removal = useMutation(saving);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AddValues, unknown, z.output<typeof AddForm>>({ resolver: addResolver, defaultValues: { username: '' } });

  const list: CaptionerList = query.data ?? [];
  const full = list.length >= MAX_CAPTIONERS;
  const names = list.map((c) => c.username);

  const add = handleSubmit(async ({ username }) => {
    if (names.some((n) => n.toLowerCase() === username.toLowerCase())) {
      reset();
      return;
    }
    try {
      await save.mutateAsync([...names, username]);
      reset();
    } catch (error) {
      applyServerError(error, setError, {
        fields: ['username'],
        rename: () => 'username',
        refusal: (e) => (e.code === 'NOT_FOUND' ? { field: 'username', message: { key: 'captions.captioners.unknown', params: { name: username } } } : undefined),
      });
    }
  });
  const remove = (username: string) => removal.mutate(names.filter((n) => n !== username));

  const loadError = query.error ? errorMessage(toClientError(query.error).code) : null;
  const removeError = removal.error ? errorMessage(toClientError(removal.error).code) : null;

  return (
    <section className={card.panel} data-testid="captioners-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('captions.captioners')}</h2>
      <p className={cx(text.muted, text.small)}>
        {t('captions.captioners.hint')}{' '}
        <Link className={styles.pageLink} to={`/caption/${encodeURIComponent(eventId)}`} target="_blank" rel="noopener">
          {t('captions.captioners.pageLink')}
        </Link>
      </p>
      {loadError && (
        <p className={calloutClass('error')} role="alert">
          {t(loadError.key, loadError.params)}
        </p>
      )}
      {query.isSuccess && list.length === 0 && <p className={text.muted}>{t('captions.captioners.empty')}</p>}
      {list.length > 0 && (
        <ul className={styles.list} data-testid="captioners-list">
          {list.map((c) => (
            <li key={c.id} className={styles.row} data-testid="captioner">
              <span className={styles.name}>
                {c.displayName} <span className={cx(text.muted, text.small)}>@{c.username}</span>
              </span>
              <button
                type="button"
                className={buttonClass('small')}
                aria-label={t('captions.captioners.removeNamed', { name: c.displayName })}
                disabled={save.isPending || removal.isPending}
                onClick={() => remove(c.username)}
              >
                {t('captions.captioners.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {removeError && (
        <p className={calloutClass('error')} role="alert">
          {t(removeError.key, removeError.params)}
        </p>
      )}
      <form className={styles.addForm} onSubmit={(e) => void add(e)} noValidate data-testid="captioner-form" aria-busy={isSubmitting || undefined}>
        <FormField id={`${id}-username`} testId="captioner-username" label={t('captions.captioners.username')} error={errors.username}>
          {(control) => <input className={controls.input} {...control} {...register('username')} autoComplete="off" autoCapitalize="none" spellCheck={false} disabled={full} />}
        </FormField>
        <button type="submit" className={buttonClass('small')} data-testid="captioner-add" disabled={isSubmitting || full || !query.isSuccess}>
          {t('captions.captioners.add')}
        </button>
        <FormAlert error={errors.root?.server} testId="captioner-error" />
      </form>
      {full && <p className={cx(text.muted, text.small)}>{t('captions.captioners.full', { max: MAX_CAPTIONERS })}</p>}
    </section>
  );
}
