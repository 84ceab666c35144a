import { AwardReveal } from '@yunzhan/shared';

// What a viewer's overlay shows: the latest reveal on screen, from `award:reveal` events and the
// acks of `award:join`. Pure functions over plain data.

/** A reveal on screen (never stage `clear`, which means nothing is). */
export type ShownReveal = AwardReveal & { stage: 'nominees' | 'winner' };

function isNewer(a: AwardReveal, b: AwardReveal): boolean {
  return Date.parse(a.at) >= Date.parse(b.at);
}

/**
 * The reveal on screen after `incoming`: it replaces the current one unless it is older; a `clear`
 * takes down the current reveal when it is of the same programme and not older than it.
 */
export function applyReveal(current: ShownReveal | null, incoming: AwardReveal): ShownReveal | null {
  if (incoming.stage === 'clear') {
    if (current && current.programmeId === incoming.programmeId && isNewer(incoming, current)) return null;
    return current;
  }
  if (current && !isNewer(incoming, current)) return current;
  return incoming as ShownReveal;
}

/**
 * The reveal on screen after the ack of `award:join` for `programmeId`: the server's current
 * reveal of that programme (null: nothing of it is on screen, so one shown from it goes).
 */
export function applyJoinAck(current: ShownReveal | null, programmeId: string, ack: unknown): ShownReveal | null {
  if (ack === null || ack === undefined) return current?.programmeId === programmeId ? null : current;
  const parsed = AwardReveal.safeParse(ack);
  if (!parsed.success || parsed.data.programmeId !== programmeId) return current;
  if (parsed.data.stage === 'clear') return current?.programmeId === programmeId ? null : current;
  return applyReveal(current, parsed.data);
}

/** A key that changes with every new reveal, so a viewer's "close" hides only the one they closed. */
export function revealKey(reveal: AwardReveal): string {
  return `${reveal.programmeId}/${reveal.categoryId}/${reveal.stage}/${reveal.at}`;
}
