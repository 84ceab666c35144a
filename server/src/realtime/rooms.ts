import { eventChannel } from '@yunzhan/shared';

// Socket.io room names. A chat channel's room is the channel itself (`event:<id>`, `hall:<id>`),
// so messages, presence and recovery all address one name.

/** The room of an event (its chat channel). */
export const eventRoom = (eventId: string) => eventChannel(eventId);
/** Room of the sockets of an event's hosts. */
export const hostRoom = (eventId: string) => `hosts:${eventId}`;
/** Room of every socket of one signed-in user (uploads, chat standing). */
export const userRoom = (userId: string) => `user:${userId}`;
/** Room of every socket opened with one session (by the session's id, the hash of its token): cut on sign-out. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Rooms a socket holds because of who it is: left when a recovered connection comes back as someone else. */
export const PERSONAL_ROOM_PREFIXES = ['user:', 'hosts:', 'mods:', 'session:'] as const;
