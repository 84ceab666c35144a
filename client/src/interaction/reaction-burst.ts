import type { Reaction, ReactionBurst } from '@yunzhan/shared';

// How a burst of reactions becomes floating emoji: the number drawn grows with the log of the
// count and is capped, so ten claps look busier than one but ten thousand do not flood the page.

/** The emoji each reaction shows as (a fixed set: nothing user-written reaches the screen). */
export const REACTION_EMOJI: Readonly<Record<Reaction, string>> = {
  clap: '👏',
  heart: '❤️',
  laugh: '😂',
  wow: '😮',
  flower: '💐',
  fire: '🔥',
};

/** Most emoji one reaction gets per burst. Default 12. */
export const MAX_PARTICLES_PER_REACTION = 12;
/** Most emoji per burst across reactions. Default 24. */
export const MAX_PARTICLES_PER_BURST = 24;

/** Emoji to draw for `count` reactions of one kind: 1 → 1, 10 → 4, 100 → 7, capped. */
export function particlesFor(count: number, cap = MAX_PARTICLES_PER_REACTION): number {
  if (!Number.isFinite(count) || count <= 0) return 0;
  return Math.min(cap, Math.max(1, Math.round(1 + Math.log2(count) * 0.9)));
}

/** One reaction's share of a burst. */
export interface BurstPart {
  reaction: Reaction;
  count: number;
  particles: number;
}

/**
 * The parts of a burst, biggest first, scaled so the whole burst stays under `totalCap` emoji
 * (every reaction that arrived keeps at least one). Reduced motion: one emoji per reaction.
 */
export function burstParts(burst: Pick<ReactionBurst, 'counts'>, reducedMotion = false, totalCap = MAX_PARTICLES_PER_BURST): BurstPart[] {
  const parts = (Object.entries(burst.counts) as [Reaction, number | undefined][])
    .filter((entry): entry is [Reaction, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .map(([reaction, count]) => ({ reaction, count, particles: reducedMotion ? 1 : particlesFor(count) }))
    .sort((a, b) => b.count - a.count);
  const total = parts.reduce((sum, p) => sum + p.particles, 0);
  if (total <= totalCap) return parts;
  const scale = totalCap / total;
  return parts.map((p) => ({ ...p, particles: Math.max(1, Math.floor(p.particles * scale)) }));
}
