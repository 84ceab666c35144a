import unhomoglyph from 'unhomoglyph';
import { AppError, nameProblem, normaliseName } from '@yunzhan/shared';
import type { Store, UserRecord } from '../db/store';

// Names shown in chat must not pass for staff. A name is compared by its "skeleton": NFKC,
// combining marks dropped, look-alike characters folded to one representative (Unicode's
// confusables.txt through `unhomoglyph`: Cyrillic "а" and Greek "Α" are "a", "0" is "O", "m" is
// "rn"), lower-cased, and everything but letters and digits removed. Two skeletons are made, one
// folding before lower-casing and one after, because confusables.txt is case-sensitive ("I" looks
// like "l", "i" does not).

/** Words that make a name read as staff or as the platform itself, in any case or look-alike. */
const RESERVED_WORDS = [
  'admin', 'administrator', 'host', 'cohost', 'moderator', 'mod', 'staff', 'official', 'curator', 'support', 'system', 'sysop', 'yunzhan',
  '云展', '策展人', '系统', '评委会',
];
/** Words that, with a reserved word, still read as staff ("Official Host", "Demo Admin", "官方团队"). */
const QUALIFIERS = [
  'the', 'real', 'true', 'team', 'demo', 'chat', 'live', 'site', 'service', 'platform', 'account', 'main', 'head', 'chief', 'lead', 'super', 'co',
  'of', 'and', 'room', 'channel', 'event', 'desk', 'help',
  '演示', '团队', '平台', '中心', '小组', '账号', '号',
];
/** Chinese staff titles refused anywhere in a name (Chinese names have no spaces to split on). */
const RESERVED_ANYWHERE = ['管理员', '官方', '主持', '版主', '工作人员', '客服', '超管', '房管', '站长'];

// Marks dropped (after NFD), then look-alikes folded, then case; only letters and digits kept.
const fold = (s: string) => unhomoglyph(s.normalize('NFD').replace(/\p{M}/gu, '')).normalize('NFD').replace(/\p{M}/gu, '');
const lettersOnly = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');

/** The skeletons of a name (see above): equal skeletons mean names a reader can take for each other. */
export function nameSkeletons(name: string): string[] {
  const n = normaliseName(name);
  const keys = new Set([lettersOnly(fold(n).toLowerCase()), lettersOnly(fold(n.toLowerCase()).toLowerCase())]);
  keys.delete('');
  return [...keys];
}

// Digits dropped: "Host 2" and "admin1" are still the host and an admin. Only reserved words are
// compared this way, not staff names ("judge-3" is a fine name although the demo judge is "judge").
const withoutDigits = (name: string) => nameSkeletons(normaliseName(name).replace(/\p{N}/gu, ' '));

const skeletonsOf = (words: readonly string[]) => new Set(words.flatMap(nameSkeletons));
const RESERVED = skeletonsOf(RESERVED_WORDS);
const QUALIFYING = skeletonsOf(QUALIFIERS);
const ANYWHERE = [...skeletonsOf(RESERVED_ANYWHERE)];

const HAN = /\p{Script=Han}/u;
// "演示主持人 Demo Host" is two names in one: the Chinese run and the Latin run each identify the host.
function scriptRuns(displayName: string): string[] {
  const runs: string[][] = [];
  let han: boolean | null = null;
  for (const word of normaliseName(displayName).split(' ')) {
    const isHan = HAN.test(word);
    if (isHan !== han) runs.push([]);
    han = isHan;
    runs[runs.length - 1]!.push(word);
  }
  return runs.length > 1 ? runs.map((r) => r.join(' ')) : [];
}

/**
 * Whether `key` is made entirely of dictionary words with at least one reserved among them
 * ("officialhost", "dernoadrnin"; not "ghosthunter").
 */
function madeOfReserved(key: string, reserved: ReadonlySet<string>, neutral: ReadonlySet<string>): boolean {
  // state[i]: 0 unreachable, 1 reached with neutral words only, 2 reached through a reserved word.
  const state = new Uint8Array(key.length + 1);
  state[0] = 1;
  for (let i = 0; i < key.length; i++) {
    if (!state[i]) continue;
    for (const [words, mark] of [[neutral, 1], [reserved, 2]] as const) {
      for (const w of words) {
        if (key.startsWith(w, i)) state[i + w.length] = Math.max(state[i + w.length]!, state[i]!, mark);
      }
    }
  }
  return state[key.length] === 2;
}

/**
 * The names that may not be taken: reserved words, and the names of staff accounts (admins,
 * hosts, curators, judges, named chat moderators), their usernames and, for a bilingual display
 * name, each language's part.
 */
export class ReservedNames {
  private readonly staff = new Set<string>();

  constructor(staffAccounts: readonly Pick<UserRecord, 'username' | 'displayName'>[]) {
    for (const account of staffAccounts) {
      const names = [account.username, account.displayName, ...scriptRuns(account.displayName)];
      // A one-letter skeleton would make any run of that letter a staff name.
      for (const key of names.flatMap(nameSkeletons)) if ([...key].length >= 2) this.staff.add(key);
    }
  }

  /** Loads the staff accounts from the store (one query). */
  static async load(store: Store): Promise<ReservedNames> {
    return new ReservedNames(await store.users.staff());
  }

  /** Whether `name` reads as staff: a staff name or reserved word, alone or with qualifiers, in any look-alike form. */
  isReserved(name: string): boolean {
    const keys = nameSkeletons(name);
    if (keys.some((k) => ANYWHERE.some((word) => k.includes(word)))) return true;
    const reserved = new Set([...RESERVED, ...this.staff]);
    if (keys.some((k) => madeOfReserved(k, reserved, QUALIFYING))) return true;
    return withoutDigits(name).some((k) => madeOfReserved(k, RESERVED, QUALIFYING));
  }
}

/** A name was refused: `details.field` says which, `details.reason` why (`NameProblem` or `reserved`). */
export class NameNotAllowedError extends AppError {
  constructor(field: string, reason: string) {
    super('NAME_NOT_ALLOWED', 'This name cannot be used', { field, reason });
  }
}

/**
 * Refuses hidden characters in the name fields of a request body as sent, before the schema
 * normalises them (so the answer is NAME_NOT_ALLOWED, not a pattern mismatch).
 */
export function refuseHiddenCharacters(body: unknown, fields: readonly string[]): void {
  if (typeof body !== 'object' || body === null) return;
  for (const field of fields) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const problem = nameProblem(value);
    if (problem) throw new NameNotAllowedError(field, problem);
  }
}
