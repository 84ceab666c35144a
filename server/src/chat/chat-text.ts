import type { KeywordRule, KeywordRuleAction } from '@yunzhan/shared';

// Pure text rules of chat: keyword matching and mentions. No regular expression ever comes from a
// user: phrases are matched literally.

/** Most users one message may mention; further `@names` are left as plain text. */
export const MAX_MENTIONS = 10;

/**
 * The form keyword rules compare: NFKC (full-width and compatibility letters fold to plain ones,
 * so `ＳＰＡＭ` is `SPAM`) and lower case.
 */
export function normaliseForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * What the channel's keyword rules do with a message: `hide` when any hide rule matches (the
 * stronger one), else `hold` when a hold rule does, else null. Case-insensitive literal match.
 */
export function keywordVerdict(text: string, rules: readonly Pick<KeywordRule, 'phrase' | 'action'>[]): KeywordRuleAction | null {
  const haystack = normaliseForMatch(text);
  let verdict: KeywordRuleAction | null = null;
  for (const rule of rules) {
    const phrase = normaliseForMatch(rule.phrase.trim());
    if (phrase.length === 0 || !haystack.includes(phrase)) continue;
    if (rule.action === 'hide') return 'hide';
    verdict = 'hold';
  }
  return verdict;
}

/**
 * The usernames a text mentions (`@name`, the Username alphabet, 3-32 characters), first
 * occurrence order, without duplicates (case-insensitive), at most MAX_MENTIONS. A trailing dot
 * ends a sentence rather than belonging to the name.
 */
export function mentionedUsernames(text: string): string[] {
  const found = new Map<string, string>();
  for (const match of text.matchAll(/(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,40})/g)) {
    const name = match[2]!.replace(/\.+$/, '');
    if (name.length < 3 || name.length > 32) continue;
    const key = name.toLowerCase();
    if (!found.has(key)) found.set(key, name);
    if (found.size >= MAX_MENTIONS) break;
  }
  return [...found.values()];
}
