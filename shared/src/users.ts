import { z } from 'zod';

/**
 * Roles. Deny unless a role allows: admins (organisers) run the platform and review content,
 * hosts run live events, curators build exhibitions, judges score award entries, viewers watch.
 */
export const Role = z.enum(['admin', 'host', 'curator', 'judge', 'viewer']);
export type Role = z.infer<typeof Role>;

/** Sign-in name: 3-32 letters, digits, `_`, `.` or `-`. */
export const Username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');

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
  displayName: z.string().trim().min(1).max(40).optional(),
  password: z.string().min(8).max(200),
});
export type SignUpInput = z.infer<typeof SignUpInput>;

/** Body of POST /api/auth/sign-in. */
export const SignInInput = z.object({
  username: z.string().trim().min(1).max(32),
  password: z.string().min(1).max(200),
});
export type SignInInput = z.infer<typeof SignInInput>;

/** Body of PATCH /api/users/:id (admins): give an account a role (e.g. make it a judge). */
export const RoleInput = z.strictObject({ role: Role });
export type RoleInput = z.infer<typeof RoleInput>;
