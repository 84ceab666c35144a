import { z } from 'zod';

// Kept apart from exhibitions.ts so that works.ts (which exhibitions.ts imports) can use it too.
// Not exported from the package index: exhibitions.ts re-exports it, as it always has.

/** An admin's last review decision on something a curator changed: approve or return, with a comment. */
export const ReviewNote = z.object({
  decision: z.enum(['approve', 'return']),
  comment: z.string().max(2000),
  reviewerId: z.string(),
  at: z.string(),
});
export type ReviewNote = z.infer<typeof ReviewNote>;
