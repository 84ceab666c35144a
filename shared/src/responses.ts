import { z } from 'zod';
import { PublicUser } from './users';

// Shapes of HTTP answers that have no schema of their own elsewhere: the wrappers and small
// results. The client parses every answer with these (or with the resource's own schema); the
// server's answers are checked against them in tests/client-contract.test.ts.

/** GET /api/auth/me: the signed-in user, or null. */
export const CurrentUserResponse = z.object({ user: PublicUser.nullable() });
export type CurrentUserResponse = z.infer<typeof CurrentUserResponse>;

/** POST /api/auth/sign-in and /api/auth/sign-up: the account now signed in. */
export const SignedInResponse = z.object({ user: PublicUser });
export type SignedInResponse = z.infer<typeof SignedInResponse>;

/** GET /api/awards/:id/votes/mine: the entry ids the caller has voted for, per category id. */
export const MyVotesResponse = z.record(z.string(), z.array(z.string()));
export type MyVotesResponse = z.infer<typeof MyVotesResponse>;

/** POST /api/awards/:id/recusals: the entry the judge stepped back from. */
export const RecusalResponse = z.object({ entryId: z.string() });
export type RecusalResponse = z.infer<typeof RecusalResponse>;
