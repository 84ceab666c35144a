import { ChangePasswordInput, PASSWORD_MIN_LENGTH } from '@yunzhan/shared';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { RoleGate, useDocumentTitle } from '../app/access-gate';
import { useAuth, useChangePassword } from '../auth/auth-context';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import authCard from '../sign-in/auth-card.module.css';
import { signUpFeedback } from '../sign-in/sign-up-feedback';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import { FormAlert, FormField } from '../ui/form-field';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import { useToast } from '../ui/toast';

/**
 * The change-password form's schema: the server's ChangePasswordInput, with the sign-up page's
 * least length as a first check in the browser (the server's strength check still decides).
 */
const PasswordForm = ChangePasswordInput.extend({ newPassword: ChangePasswordInput.shape.newPassword.min(PASSWORD_MIN_LENGTH) });
type PasswordFormValues = z.input<typeof PasswordForm>;

/** `/account`: who is signed in, and a new password (which signs every other device out). */
export function AccountPage() {
  const { t } = useI18n();
  useDocumentTitle(t('account.title'));
  return (
    <RoleGate allows={(user) => user !== null} title={t('account.title')} signInFirst={t('account.signInFirst')} notAllowed={t('account.signInFirst')} testId="account-gate">
      <AccountDetails />
    </RoleGate>
  );
}

function AccountDetails() {
  const { t } = useI18n();
  const { user } = useAuth();
  return (
    <div className={cx(layout.page, layout.narrow)}>
      <div className={authCard.card}>
        <h1>{t('account.title')}</h1>
        <p className={text.muted} data-testid="account-user">
          {t('account.signedInAs', { name: user?.displayName ?? '', username: user?.username ?? '' })}
        </p>
        <ChangePasswordForm username={user?.username ?? ''} />
      </div>
    </div>
  );
}

/** The change-password form (POST /api/auth/password); a wrong current password is marked on its field, success is a toast. */
export function ChangePasswordForm({ username }: { username: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [hints, setHints] = useState<string[]>([]);
  const { mutateAsync: changePassword } = useChangePassword();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PasswordFormValues, unknown, ChangePasswordInput>({
    resolver: schemaResolver(PasswordForm, ({ path, code }) => (path === 'newPassword' && code === 'too_small' ? { key: 'form.error.passwordShort', params: { count: PASSWORD_MIN_LENGTH } } : undefined)),
    defaultValues: { currentPassword: '', newPassword: '' },
  });

  const submit = handleSubmit(
    async (input) => {
      setHints([]);
      try {
        await changePassword(input);
        reset();
        toast.show({ tone: 'success', title: t('account.changed'), attributes: { 'data-testid': 'password-changed' } });
      } catch (err) {
        const e = toClientError(err);
        setHints(signUpFeedback(e.code, e.details).map((h) => t(h.key, h.params)));
        applyServerError(e, setError, {
          fields: ['currentPassword', 'newPassword'],
          // The server names the current password when it is wrong (its only check of that field).
          words: (_, field) => (field === 'currentPassword' ? { key: 'account.wrongCurrent' } : undefined),
        });
      }
    },
    () => setHints([]),
  );

  const fieldProblems = (errors.currentPassword ? 1 : 0) + (errors.newPassword ? 1 : 0);
  return (
    <form className={controls.form} onSubmit={(e) => void submit(e)} noValidate data-testid="password-form" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('account.changePassword')}</h2>
      {/* A username field helps password managers file the new password under the account. */}
      <input type="text" autoComplete="username" value={username} readOnly hidden />
      <FormField id="current-password" label={t('account.currentPassword')} error={errors.currentPassword} required>
        {(control) => <input {...control} {...register('currentPassword')} type="password" autoComplete="current-password" maxLength={200} />}
      </FormField>
      <FormField id="new-password" label={t('account.newPassword')} description={t('auth.passwordHint')} error={errors.newPassword} required>
        {(control) => <input {...control} {...register('newPassword')} type="password" autoComplete="new-password" maxLength={200} />}
      </FormField>
      <p className={text.muted}>{t('account.othersSignedOut')}</p>
      <FormAlert error={errors.root?.server} problems={fieldProblems} testId="password-error">
        {hints.length > 0 && (
          <ul>
            {hints.map((hint) => (
              <li key={hint}>{hint}</li>
            ))}
          </ul>
        )}
      </FormAlert>
      <button className={buttonClass('primary', 'wide')} type="submit" disabled={isSubmitting} data-testid="password-submit">
        {isSubmitting ? t('common.working') : t('account.save')}
      </button>
    </form>
  );
}
