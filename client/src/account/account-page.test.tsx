// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words } from '../forms/form-test-kit';
import { ChangePasswordForm } from './account-page';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const NEW_PASSWORD = 'Juniper-Lagoon-Beacon-5521';

describe('ChangePasswordForm', () => {
  it('sends the current and the new password and says it is changed in a toast', async () => {
    const sent = fakeApi(() => ({ status: 204 }));
    const { user } = renderForm(<ChangePasswordForm username="ada" />);
    await user.type(screen.getByLabelText(/当前密码|Current password/), 'old password here');
    await user.type(screen.getByTestId('new-password'), NEW_PASSWORD);
    await user.click(screen.getByTestId('password-submit'));
    const toast = await screen.findByTestId('password-changed');
    expect(toast.textContent).toContain(words('account.changed'));
    expect(screen.getByRole('region', { name: /通知/ }).contains(toast)).toBe(true);
    expect(sent).toEqual([{ method: 'POST', path: '/api/auth/password', body: { currentPassword: 'old password here', newPassword: NEW_PASSWORD } }]);
    expect(screen.getByTestId<HTMLInputElement>('current-password').value).toBe('');
  });

  it('marks a new password shorter than the least length on its field and sends nothing', async () => {
    const sent = fakeApi(() => ({ status: 204 }));
    const { user } = renderForm(<ChangePasswordForm username="ada" />);
    await user.type(screen.getByTestId('current-password'), 'old password here');
    await user.type(screen.getByTestId('new-password'), 'short');
    await user.click(screen.getByTestId('password-submit'));
    const field = screen.getByTestId('new-password');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('new-password-error').textContent).toBe(words('form.error.passwordShort', { count: 12 }));
    expect(field.getAttribute('aria-describedby')).toContain('new-password-error');
    expect(document.activeElement).toBe(field);
    expect(sent).toEqual([]);
  });

  it('puts the server refusal of the current password on that field', async () => {
    fakeApi(() => wireError(400, 'VALIDATION_FAILED', 'The current password is wrong', { issues: [{ path: 'currentPassword', message: 'wrong password' }] }));
    const { user } = renderForm(<ChangePasswordForm username="ada" />);
    await user.type(screen.getByTestId('current-password'), 'not my password at all');
    await user.type(screen.getByTestId('new-password'), NEW_PASSWORD);
    await user.click(screen.getByTestId('password-submit'));
    const message = await screen.findByTestId('current-password-error');
    expect(message.textContent).toBe(words('account.wrongCurrent'));
    expect(screen.getByTestId('current-password').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('new-password').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByTestId('password-error')).toBeTruthy();
    expect(document.body.textContent).not.toContain('wrong password');
  });
});
