import type { Translation } from './dictionary';
import type { formsZhCN } from './forms-zh-cn';

// The words every form shares in English (see forms-zh-cn.ts).

/** Shared form text in English. */
export const formsEn: Translation<typeof formsZhCN> = {
  'form.requiredMark': '(required)',
  'form.problems_one': 'Things to fix: {count}.',
  'form.problems_other': 'Things to fix: {count}.',
  'form.error.required': 'This field is required.',
  'form.error.tooShort_one': 'At least {count} character.',
  'form.error.tooShort_other': 'At least {count} characters.',
  'form.error.tooLong_one': 'At most {count} character.',
  'form.error.tooLong_other': 'At most {count} characters.',
  'form.error.atLeastOne': 'Choose or add at least one.',
  'form.error.tooMany': 'At most {max}.',
  'form.error.min': 'At least {min}.',
  'form.error.max': 'At most {max}.',
  'form.error.positive': 'Enter a number greater than 0.',
  'form.error.number': 'Enter a number, e.g. 12.5.',
  'form.error.whole': 'Enter a whole number.',
  'form.error.choose': 'Choose one.',
  'form.error.date': 'Enter a valid date and time.',
  'form.error.format': 'This is not in the expected format.',
  'form.error.invalid': 'This value is not valid.',
  'form.error.server': 'The server did not accept this value; check it and try again.',
  'form.error.username': 'Usernames are 3–32 letters, digits, _ . or -',
  'form.error.passwordShort_one': 'Passwords need at least {count} character.',
  'form.error.passwordShort_other': 'Passwords need at least {count} characters.',
  'form.error.exhibitionId': 'Lower-case letters, digits and - only, 3–64 long, starting with a letter or digit.',
};
