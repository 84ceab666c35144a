import { z } from 'zod';

/**
 * Roles. Deny unless a role allows: admins (organisers) run the platform and review content,
 * hosts run live events, curators build exhibitions, judges score award entries, viewers watch.
 */
export const Role = z.enum(['admin', 'host', 'curator', 'judge', 'viewer']);
export type Role = z.infer<typeof Role>;

// Names people choose are shown to others (chat, danmaku, @mentions), so they are normalised and
// screened before anything else looks at them. NFKC folds fullwidth and compatibility forms
// ("ｈｏｓｔ" is "host", "①" is "1"); what NFKC keeps but a reader cannot see is refused.

/**
 * Code points a name may not contain: controls (Cc), format characters (Cf: zero-width space and
 * joiners, bidi embeddings, overrides and isolates, BOM, soft hyphen, tags), private use,
 * unassigned code points, lone surrogates, line and paragraph separators, and the other
 * default-ignorable code points (Hangul fillers, variation selectors, combining grapheme joiner).
 */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
// Emoji keep what draws them as one picture: a presentation selector after a pictograph
// (❤️) and a zero-width joiner between two (👩‍🎨). Those are removed before the screen above.
const EMOJI_JOINERS = /(\p{Extended_Pictographic})(?:\uFE0F|\uFE0E)?(?:\u200D(?=\p{Extended_Pictographic})|(?:\uFE0F|\uFE0E))/gu;
/** More combining marks on one letter (decomposed) than any script needs: "Zalgo" text that spills over its neighbours. */
const STACKED_MARKS = /\p{M}{5,}/u;

/** Why a name is refused before any comparison (`NAME_NOT_ALLOWED` details), or null when it passes. */
export type NameProblem = 'hidden-characters' | 'leading-mark' | 'stacked-marks';

/** NFKC, runs of spaces as one, trimmed: the form names are compared and stored in. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\p{Zs}+/gu, ' ').trim();
}

/**
 * What is wrong with a name as typed, or null: hidden characters (anywhere, before or after
 * normalising), a combining mark with no letter before it, or marks stacked five deep.
 */
export function nameProblem(name: string): NameProblem | null {
  const normalised = normaliseName(name);
  for (const form of [name, normalised]) if (HIDDEN_CHARACTER.test(form.replace(EMOJI_JOINERS, '$1'))) return 'hidden-characters';
  if (/^\p{M}/u.test(normalised)) return 'leading-mark';
  if (STACKED_MARKS.test(normalised.normalize('NFD'))) return 'stacked-marks';
  return null;
}

/** Sign-in name: 3-32 letters, digits, `_`, `.` or `-` (after NFKC: fullwidth letters count as their ASCII forms). */
export const Username = z
  .string()
  .max(200)
  .transform(normaliseName)
  .pipe(
    z
      .string()
      .min(3)
      .max(32)
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  );

/** A display name: 1-40 characters after normalising, nothing hidden in it. */
export const DisplayName = z
  .string()
  .max(200)
  .transform(normaliseName)
  .pipe(
    z
      .string()
      .min(1)
      .max(40)
      .refine((name) => nameProblem(name) === null, 'invisible, direction-control or stacked characters'),
  );

/** Least length of a new password, in characters (the server also requires a zxcvbn score of 3). */
export const PASSWORD_MIN_LENGTH = 12;

/**
 * A new password as the schema sees it: any length up to 200 (length and strength are the
 * server's strength check, which answers PASSWORD_WEAK with reasons the form can show).
 */
export const NewPassword = z.string().min(1).max(200);

/** A user as other people and the client see it (never the password hash). */
export const PublicUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
});
export type PublicUser = z.infer<typeof PublicUser>;

/** Body of POST /api/auth/sign-up. */
export const SignUpInput = z.object({
  username: Username,
  displayName: DisplayName.optional(),
  password: NewPassword,
});
export type SignUpInput = z.infer<typeof SignUpInput>;

/** Body of POST /api/auth/sign-in. */
export const SignInInput = z.object({
  username: z.string().max(200).transform(normaliseName).pipe(z.string().min(1).max(32)),
  password: z.string().min(1).max(200),
});
export type SignInInput = z.infer<typeof SignInInput>;

/** Body of PATCH /api/users/:id (admins): give an account a role (e.g. make it a judge). */
export const RoleInput = z.strictObject({ role: Role });
export type RoleInput = z.infer<typeof RoleInput>;

/** Body of POST /api/auth/password: the current password and a new one (the sign-up rules). */
export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: SignUpInput.shape.password,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
