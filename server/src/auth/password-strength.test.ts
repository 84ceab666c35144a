import { describe, expect, it } from 'vitest';
import { checkPasswordStrength } from './password-strength';

const weakness = (password: string, inputs: string[] = []) => {
  try {
    checkPasswordStrength(password, inputs);
    return null;
  } catch (err) {
    return err as { code: string; details: Record<string, unknown> };
  }
};

describe('password strength', () => {
  it('refuses common passwords, keyboard runs and short ones with PASSWORD_WEAK and feedback keys', () => {
    for (const password of ['password', '12345678', 'qwertyuiop', 'password123', 'iloveyou12', 'Xq7#pL2']) {
      expect(weakness(password)?.code, password).toBe('PASSWORD_WEAK');
    }
    expect(weakness('password')?.details).toMatchObject({ warning: 'topTen', tooShort: true, minScore: 3, minLength: 12 });
    expect(weakness('qwertyuiopasdf')?.details).toMatchObject({ tooShort: false, suggestions: expect.any(Array) });
  });

  it("counts the user's own words and the platform's name against the password", () => {
    expect(weakness('marigold-quay-73', ['marigold-quay-73'])?.details).toMatchObject({ warning: 'userInputs' });
    expect(weakness('yunzhan2024!')?.code).toBe('PASSWORD_WEAK');
    // The same password is fine for someone whose name it does not contain.
    expect(weakness('marigold-quay-73', ['someone-else'])).toBeNull();
  });

  it('accepts long unusual passphrases', () => {
    for (const password of ['Vermilion-lantern-27-quay', 'correct horse battery staple', 'Tr0ub4dor&3x-kite']) expect(weakness(password), password).toBeNull();
  });
});
