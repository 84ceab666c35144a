import type { MessageKey } from '../i18n/dictionary';
import type { ErrorMessage } from '../lib/error-messages';

// The server refuses a sign-up with reasons as keys (PASSWORD_WEAK: zxcvbn-ts feedback keys;
// NAME_NOT_ALLOWED: which field and why); this turns them into dictionary messages. Keys this
// client does not know (a newer server) are skipped: the error's own message still shows.

const WARNINGS: Readonly<Record<string, MessageKey>> = {
  straightRow: 'password.warning.straightRow',
  keyPattern: 'password.warning.keyPattern',
  simpleRepeat: 'password.warning.simpleRepeat',
  extendedRepeat: 'password.warning.extendedRepeat',
  sequences: 'password.warning.sequences',
  recentYears: 'password.warning.recentYears',
  dates: 'password.warning.dates',
  topTen: 'password.warning.topTen',
  topHundred: 'password.warning.topHundred',
  common: 'password.warning.common',
  similarToCommon: 'password.warning.similarToCommon',
  wordByItself: 'password.warning.wordByItself',
  namesByThemselves: 'password.warning.namesByThemselves',
  commonNames: 'password.warning.commonNames',
  userInputs: 'password.warning.userInputs',
  pwned: 'password.warning.pwned',
};

const SUGGESTIONS: Readonly<Record<string, MessageKey>> = {
  l33t: 'password.suggestion.l33t',
  reverseWords: 'password.suggestion.reverseWords',
  allUppercase: 'password.suggestion.allUppercase',
  capitalization: 'password.suggestion.capitalization',
  dates: 'password.suggestion.dates',
  recentYears: 'password.suggestion.recentYears',
  associatedYears: 'password.suggestion.associatedYears',
  sequences: 'password.suggestion.sequences',
  repeated: 'password.suggestion.repeated',
  longerKeyboardPattern: 'password.suggestion.longerKeyboardPattern',
  anotherWord: 'password.suggestion.anotherWord',
  useWords: 'password.suggestion.useWords',
  noNeed: 'password.suggestion.noNeed',
  pwned: 'password.suggestion.pwned',
};

const NAME_REASONS: Readonly<Record<string, MessageKey>> = {
  'hidden-characters': 'name.reason.hidden-characters',
  'leading-mark': 'name.reason.leading-mark',
  'stacked-marks': 'name.reason.stacked-marks',
  reserved: 'name.reason.reserved',
};

const lookup = (table: Readonly<Record<string, MessageKey>>, key: unknown): MessageKey | undefined =>
  typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;

/** The extra lines under a refused sign-up's message: what was wrong and what to do, in order. */
export function signUpFeedback(code: string, details: unknown): ErrorMessage[] {
  const d = (typeof details === 'object' && details !== null ? details : {}) as Record<string, unknown>;
  if (code === 'PASSWORD_WEAK') {
    const lines: ErrorMessage[] = [];
    if (d.tooShort === true && typeof d.minLength === 'number') lines.push({ key: 'password.tooShort', params: { count: d.minLength } });
    const warning = lookup(WARNINGS, d.warning);
    if (warning) lines.push({ key: warning });
    for (const s of Array.isArray(d.suggestions) ? d.suggestions : []) {
      const key = lookup(SUGGESTIONS, s);
      if (key) lines.push({ key });
    }
    return lines;
  }
  if (code === 'NAME_NOT_ALLOWED') {
    const key = lookup(NAME_REASONS, d.reason);
    return key ? [{ key }] : [];
  }
  return [];
}
