import { PASSWORD_MIN_LENGTH, SignInInput, SignUpInput } from '@yunzhan/shared';
import { useRef, useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { z } from 'zod';
import { useDocumentTitle } from '../app/access-gate';
import { useAuth } from '../auth/auth-context';
import type { FieldMessage } from '../forms/field-messages';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { safeNextPath } from '../lib/safe-next';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import { FormAlert, FormField } from '../ui/form-field';
import layout from '../ui/layout.module.css';
import styles from './auth-card.module.css';
import { signUpFeedback } from './sign-up-feedback';

type Mode = 'sign-in' | 'sign-up';

// The two forms' schemas, derived from the bodies the server parses: the username is trimmed
// first (as the form always did), a blank display name is left out, and a new password gets the
// sign-up's least length as a first check (the server's strength check still decides).
const SignInForm = z.object({ username: z.string().trim().pipe(SignInInput.shape.username), password: SignInInput.shape.password });
const SignUpForm = z.object({
  username: z.string().trim().pipe(SignUpInput.shape.username),
  displayName: z
    .string()
    .trim()
    .transform((name) => (name === '' ? undefined : name))
    .pipe(SignUpInput.shape.displayName),
  password: SignUpInput.shape.password.min(PASSWORD_MIN_LENGTH),
});

/** The inputs of both forms (the sign-in form has no display name). */
interface AuthFormValues {
  username: string;
  password: string;
  displayName: string;
}
type AuthInput = z.output<typeof SignInForm> | z.output<typeof SignUpForm>;

/** The sign-up form's words for its rules: the username's shape, the password's least length. */
function signUpWords({ path, code }: { path: string; code: string }): FieldMessage | undefined {
  if (path === 'username' && code !== 'invalid_type') return { key: 'form.error.username' };
  if (path === 'password' && code === 'too_small') return { key: 'form.error.passwordShort', params: { count: PASSWORD_MIN_LENGTH } };
  return undefined;
}

const RESOLVERS: Record<Mode, Resolver<AuthFormValues, unknown, AuthInput>> = {
  'sign-in': schemaResolver(SignInForm) as unknown as Resolver<AuthFormValues, unknown, AuthInput>,
  'sign-up': schemaResolver(SignUpForm, signUpWords) as unknown as Resolver<AuthFormValues, unknown, AuthInput>,
};

/** `/sign-in`: sign in or create an account, then go back to `?next=`. */
export function SignInPage() {
  const { t } = useI18n();
  const { user, signIn, signUp } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(params.get('next'));
  const [mode, setMode] = useState<Mode>('sign-in');
  const modeRef = useRef<Mode>(mode);
  const [hints, setHints] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    clearErrors,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<AuthFormValues, unknown, AuthInput>({
    // The tab decides which schema checks the inputs (both tabs share the typed name and password).
    resolver: (values, context, options) => RESOLVERS[modeRef.current](values, context, options),
    defaultValues: { username: '', password: '', displayName: '' },
  });

  useDocumentTitle(t(mode === 'sign-in' ? 'auth.signInTitle' : 'auth.signUpTitle'));

  const submit = handleSubmit(
    async (input) => {
      setHints([]);
      try {
        if (modeRef.current === 'sign-in') await signIn(input.username, input.password);
        else await signUp(input.username, input.password, 'displayName' in input ? input.displayName : undefined);
        navigate(next, { replace: true });
      } catch (err) {
        const e = toClientError(err);
        const signingUp = modeRef.current === 'sign-up';
        if (signingUp) setHints(signUpFeedback(e.code, e.details).map((h) => t(h.key, h.params)));
        applyServerError(e, setError, {
          fields: signingUp ? ['username', 'displayName', 'password'] : ['username', 'password'],
          refusal: (refusal) => {
            if (!signingUp && (refusal.code === 'UNAUTHENTICATED' || refusal.code === 'NOT_FOUND')) return { message: { key: 'auth.badCredentials' } };
            // One answer whether the name is taken or kept for staff: the server does not say which.
            if (signingUp && refusal.code === 'SIGN_UP_REFUSED') return { message: { key: 'auth.signUpRefused' } };
            return undefined;
          },
        });
      }
    },
    () => setHints([]),
  );

  const switchMode = (m: Mode) => {
    modeRef.current = m;
    setMode(m);
    setHints([]);
    clearErrors();
  };

  const signingUp = mode === 'sign-up';
  const fieldProblems = ['username', 'password', 'displayName'].filter((f) => errors[f as keyof AuthFormValues]).length;
  const busy = isSubmitting || isSubmitSuccessful;
  return (
    <div className={cx(layout.page, layout.narrow)}>
      <div className={styles.card}>
        {/* The page's one h1 (the tabs below show the same words). */}
        <h1 className="visually-hidden">{t(signingUp ? 'auth.signUpTitle' : 'auth.signInTitle')}</h1>
        <div className={styles.tabs} role="tablist">
          <button type="button" role="tab" aria-selected={mode === 'sign-in'} className={styles.tab} onClick={() => switchMode('sign-in')}>
            {t('auth.signInTitle')}
          </button>
          <button type="button" role="tab" aria-selected={signingUp} className={styles.tab} onClick={() => switchMode('sign-up')} data-testid="sign-up-tab">
            {t('auth.signUpTitle')}
          </button>
        </div>
        {user && (
          <p className={calloutClass()}>
            {t('auth.alreadySignedIn', { name: user.displayName })} <Link to={next}>{t('auth.continue')}</Link>
          </p>
        )}
        <form className={controls.form} onSubmit={(e) => void submit(e)} noValidate data-testid={signingUp ? 'sign-up-form' : 'sign-in-form'}>
          <FormField id={signingUp ? 'sign-up-username' : 'sign-in-username'} label={t('auth.username')} description={signingUp ? t('auth.usernameHint') : undefined} error={errors.username} required>
            {(control) => <input {...control} {...register('username')} autoComplete="username" maxLength={signingUp ? 32 : 200} autoFocus />}
          </FormField>
          {signingUp && (
            <FormField id="sign-up-display-name" label={t('auth.displayName')} error={errors.displayName}>
              {(control) => <input {...control} {...register('displayName')} autoComplete="nickname" maxLength={40} />}
            </FormField>
          )}
          <FormField id={signingUp ? 'sign-up-password' : 'sign-in-password'} label={t('auth.password')} description={signingUp ? t('auth.passwordHint') : undefined} error={errors.password} required>
            {(control) => <input {...control} {...register('password')} type="password" autoComplete={signingUp ? 'new-password' : 'current-password'} maxLength={200} />}
          </FormField>
          <FormAlert error={errors.root?.server} problems={fieldProblems} testId="auth-error">
            {hints.length > 0 && (
              <ul data-testid="auth-error-hints">
                {hints.map((hint) => (
                  <li key={hint}>{hint}</li>
                ))}
              </ul>
            )}
          </FormAlert>
          <button className={buttonClass('primary', 'wide')} type="submit" disabled={busy} data-testid={signingUp ? 'sign-up-submit' : 'sign-in-submit'}>
            {busy ? t('common.working') : signingUp ? t('auth.signUpAction') : t('auth.signInAction')}
          </button>
        </form>
      </div>
    </div>
  );
}
