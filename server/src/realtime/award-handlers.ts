import { AwardRef, awardRoom, type AwardReveal, type PublicUser } from '@yunzhan/shared';
import type { HandlerContext } from './handler-context';

/** What the award handlers need from the awards module (attached after the realtime layer starts). */
export interface AwardFollowSource {
  /**
   * The reveal on screen now for a programme (null when none), or NOT_FOUND when the programme
   * does not exist or is a draft the caller may not see.
   */
  currentReveal(user: PublicUser | null, programmeId: string): Promise<AwardReveal | null>;
}

/** Following a programme's ceremony reveals and live tallies (its room). */
export function registerAwardHandlers({ socket, on, realtime }: HandlerContext): void {
  on('award:join', AwardRef, async ({ programmeId }) => {
    const current = await realtime.awardSource.currentReveal(socket.data.user, programmeId);
    await socket.join(awardRoom(programmeId));
    return current;
  });

  on('award:leave', AwardRef, async ({ programmeId }) => {
    await socket.leave(awardRoom(programmeId));
    return null;
  });
}
