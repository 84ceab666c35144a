import type { accountsZhCN } from './accounts-zh-cn';

// Account creation's words in English (spread into en.ts); every key of accounts-zh-cn.ts. The
// password texts follow @zxcvbn-ts/language-en.

/** Sign-up feedback in English. */
export const accountsEn: Record<keyof typeof accountsZhCN, string> = {
  'auth.signUpRefused': 'An account cannot be created with this username. Choose another one.',
  'password.tooShort': 'Use at least {min} characters.',
  'password.warning.straightRow': 'Straight rows of keys on your keyboard are easy to guess.',
  'password.warning.keyPattern': 'Short keyboard patterns are easy to guess.',
  'password.warning.simpleRepeat': 'Repeated characters like "aaa" are easy to guess.',
  'password.warning.extendedRepeat': 'Repeated character patterns like "abcabcabc" are easy to guess.',
  'password.warning.sequences': 'Common character sequences like "abc" are easy to guess.',
  'password.warning.recentYears': 'Recent years are easy to guess.',
  'password.warning.dates': 'Dates are easy to guess.',
  'password.warning.topTen': 'This is a heavily used password.',
  'password.warning.topHundred': 'This is a frequently used password.',
  'password.warning.common': 'This is a commonly used password.',
  'password.warning.similarToCommon': 'This is similar to a commonly used password.',
  'password.warning.wordByItself': 'Single words are easy to guess.',
  'password.warning.namesByThemselves': 'Single names or surnames are easy to guess.',
  'password.warning.commonNames': 'Common names and surnames are easy to guess.',
  'password.warning.userInputs': 'Leave your username, display name and the site’s name out of the password.',
  'password.warning.pwned': 'This password was exposed in a data breach on the Internet.',
  'password.suggestion.l33t': "Avoid predictable letter substitutions like '@' for 'a'.",
  'password.suggestion.reverseWords': 'Avoid reversed spellings of common words.',
  'password.suggestion.allUppercase': 'Capitalize some, but not all letters.',
  'password.suggestion.capitalization': 'Capitalize more than the first letter.',
  'password.suggestion.dates': 'Avoid dates and years that are associated with you.',
  'password.suggestion.recentYears': 'Avoid recent years.',
  'password.suggestion.associatedYears': 'Avoid years that are associated with you.',
  'password.suggestion.sequences': 'Avoid common character sequences.',
  'password.suggestion.repeated': 'Avoid repeated words and characters.',
  'password.suggestion.longerKeyboardPattern': 'Use longer keyboard patterns and change typing direction multiple times.',
  'password.suggestion.anotherWord': 'Add more words that are less common.',
  'password.suggestion.useWords': 'Use multiple words, but avoid common phrases.',
  'password.suggestion.noNeed': 'You can create strong passwords without using symbols, numbers, or uppercase letters.',
  'password.suggestion.pwned': 'If you use this password elsewhere, you should change it.',
  'name.reason.hidden-characters': 'The name contains invisible or text-direction control characters. Remove them and try again.',
  'name.reason.leading-mark': 'A name cannot start with a combining mark (such as an accent on its own).',
  'name.reason.stacked-marks': 'The name has too many combining marks stacked on one letter.',
  'name.reason.reserved': 'This name looks like a staff or official account. Choose another one.',
};
