import { createRequire } from 'node:module';
import { AppError, PASSWORD_MIN_LENGTH } from '@yunzhan/shared';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

// zxcvbn-ts estimates how many guesses a password takes against the attacker's dictionaries
// (common passwords, English words and names, keyboard walks, dates, repeats) and the user's own
// words. Its score runs 0-4; 3 means "safely unguessable" against an offline attack on a slow hash.

/** Least zxcvbn score a new password needs (0-4). */
export const PASSWORD_MIN_SCORE = 3;

/** Words of the platform itself that make a password easy to guess here. */
const SITE_WORDS = ['yunzhan', '云展'];

/**
 * Why a password was refused (`PASSWORD_WEAK` details). `warning` and `suggestions` are zxcvbn's
 * feedback keys (e.g. `topTen`, `userInputs`; `anotherWord`): the client words them.
 */
export interface PasswordWeakness {
  score: number;
  minScore: number;
  minLength: number;
  /** Shorter than `minLength` characters. */
  tooShort: boolean;
  warning: string | null;
  suggestions: string[];
}

let estimator: ZxcvbnFactory | null = null;

// The dictionaries are several megabytes: loaded on the first check, once per process, not at
// start-up (most processes never see a sign-up) and never in the client bundle. Synchronous
// require keeps the check a plain function the routes call.
function zxcvbn(): ZxcvbnFactory {
  if (estimator) return estimator;
  const require = createRequire(import.meta.url);
  const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const en = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  // No translations: feedback comes back as keys. Levenshtein matching stays off (the default):
  // it costs hundreds of milliseconds of main-thread time per check.
  estimator = new Factory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs });
  return estimator;
}

// The user's words as given and split into their parts ("marigold-quay" also penalises "marigold").
function penalties(userInputs: string[]): string[] {
  const words = new Set<string>(SITE_WORDS);
  for (const input of userInputs) {
    const value = input.trim().toLowerCase();
    if (!value) continue;
    words.add(value);
    for (const part of value.split(/[\s_.\-@]+/u)) if ([...part].length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * Throws PASSWORD_WEAK (details: `PasswordWeakness`) unless `password` has at least
 * `PASSWORD_MIN_LENGTH` characters and a zxcvbn score of at least `PASSWORD_MIN_SCORE`, counting
 * `userInputs` (username, display name) and the platform's name as words an attacker tries first.
 */
export function checkPasswordStrength(password: string, userInputs: string[]): void {
  const tooShort = [...password].length < PASSWORD_MIN_LENGTH;
  const result = zxcvbn().check(password, penalties(userInputs));
  if (!tooShort && result.score >= PASSWORD_MIN_SCORE) return;
  throw new AppError('PASSWORD_WEAK', 'Choose a stronger password', {
    score: result.score,
    minScore: PASSWORD_MIN_SCORE,
    minLength: PASSWORD_MIN_LENGTH,
    tooShort,
    warning: result.feedback.warning ?? null,
    suggestions: [...result.feedback.suggestions],
  } satisfies PasswordWeakness);
}
