import type { ChatChannel, Role, WorkKind } from '@yunzhan/shared';

// Query keys, one factory per resource. A key starts with its resource, so invalidating
// `queryKeys.works.all` refreshes every works list and every work; a list's filter is part of
// its key, so two filters are two cache entries. Entries a socket keeps current (a room's chat,
// polls, presence) are written by the push registry, data/socket-pushes.ts.

/** Filter of the works list. */
export interface WorksFilter {
  kind?: WorkKind;
  /** Only works whose metadata change waits for review (admins). */
  review?: 'pending';
}

/** The cache keys of every server resource the client reads. */
export const queryKeys = {
  auth: {
    all: ['auth'] as const,
    /** GET /api/auth/me. */
    me: () => ['auth', 'me'] as const,
  },
  events: {
    all: ['events'] as const,
    /** GET /api/events. */
    list: () => ['events', 'list'] as const,
    /** GET /api/events/:id. */
    detail: (eventId: string) => ['events', 'detail', eventId] as const,
    /** The live state and audience of an event's room, as its socket pushes them (no HTTP). */
    room: (eventId: string) => ['events', 'room', eventId] as const,
    /** GET /api/events/:id/captioners (its hosts, admins). */
    captioners: (eventId: string) => ['events', 'captioners', eventId] as const,
    /** GET /api/events/:id/captioners/me, for one account. */
    captionerStatus: (eventId: string, userId: string) => ['events', 'captioner-status', eventId, userId] as const,
  },
  chat: {
    all: ['chat'] as const,
    /** Everything held of one channel's chat. */
    channel: (channel: ChatChannel) => ['chat', channel] as const,
    /** The channel's message log as this viewer may see it (join history, pushes, catch-up, pages back, acks). */
    log: (channel: ChatChannel) => ['chat', channel, 'log'] as const,
    /** The channel's pinned messages, newest first. */
    pinned: (channel: ChatChannel) => ['chat', channel, 'pinned'] as const,
    /** This viewer's standing in the channel (muted, banned, slow mode, moderator). */
    standing: (channel: ChatChannel) => ['chat', channel, 'standing'] as const,
    /** The channel's moderation (settings, review queue, log: `mod:state`), for its moderators. */
    moderation: (channel: ChatChannel) => ['chat', channel, 'moderation'] as const,
  },
  polls: {
    all: ['polls'] as const,
    /** A room's polls (open and recently closed), as its join and `poll:state` bring them. */
    channel: (channel: ChatChannel) => ['polls', channel] as const,
  },
  presence: {
    all: ['presence'] as const,
    /** How many are in a room, as its last `presence:count` said (no HTTP). */
    channel: (channel: ChatChannel) => ['presence', channel] as const,
  },
  exhibitions: {
    all: ['exhibitions'] as const,
    /** GET /api/exhibitions (the lobby's open exhibitions). */
    list: () => ['exhibitions', 'list'] as const,
    /** GET /api/exhibitions?mine=1. */
    mine: () => ['exhibitions', 'list', 'mine'] as const,
    /** GET /api/exhibitions?status=in-review. */
    reviewQueue: () => ['exhibitions', 'list', 'in-review'] as const,
    /** GET /api/exhibitions/:id. */
    detail: (id: string) => ['exhibitions', 'detail', id] as const,
    /** GET /api/exhibitions/:id/view (draft preview or published). */
    view: (id: string, preview: boolean) => ['exhibitions', 'view', id, preview] as const,
    /** The visitor count of a hall, as its socket pushes it (no HTTP). */
    hallPresence: (id: string) => ['exhibitions', 'hall-presence', id] as const,
  },
  works: {
    all: ['works'] as const,
    /** Every works list, whatever its filter (invalidate this after a write). */
    lists: ['works', 'list'] as const,
    /** GET /api/works with a filter. */
    list: (filter: WorksFilter = {}) => ['works', 'list', filter] as const,
    /** GET /api/works/:id. */
    detail: (workId: string) => ['works', 'detail', workId] as const,
  },
  assets: {
    all: ['assets'] as const,
    /** GET /api/assets: the signed-in user's uploads (kept current by `asset:progress`). */
    mine: () => ['assets', 'mine'] as const,
    /** The cues of a video's thumbnail track (WebVTT, by URL). */
    thumbnails: (url: string | undefined) => ['assets', 'thumbnails', url ?? null] as const,
  },
  jobs: {
    all: ['jobs'] as const,
    /** GET /api/jobs?limit=n. */
    list: (limit: number) => ['jobs', 'list', limit] as const,
  },
  users: {
    all: ['users'] as const,
    /** GET /api/users[?role=]. */
    list: (role?: Role) => ['users', 'list', role ?? null] as const,
  },
  awards: {
    all: ['awards'] as const,
    /** GET /api/awards[?eventId=]. */
    list: (eventId?: string) => ['awards', 'list', eventId ?? null] as const,
    /** The programmes (in full) whose ceremony is streamed in an event, for its host console. */
    ceremonyOf: (eventId: string) => ['awards', 'ceremony', eventId] as const,
    /** Everything about one programme (invalidate this after a change to it). */
    programmeAll: (awardId: string) => ['awards', 'programme', awardId] as const,
    /** GET /api/awards/:id. */
    programme: (awardId: string) => ['awards', 'programme', awardId, 'detail'] as const,
    /** GET /api/awards/:id/results. */
    results: (awardId: string) => ['awards', 'programme', awardId, 'results'] as const,
    /** GET /api/awards/:id/votes/mine for one account. */
    myVotes: (awardId: string, userId: string | null) => ['awards', 'programme', awardId, 'votes', userId] as const,
    /** GET /api/awards/:id/judging. */
    judging: (awardId: string) => ['awards', 'programme', awardId, 'judging'] as const,
    /** GET /api/awards/:id/progress. */
    progress: (awardId: string) => ['awards', 'programme', awardId, 'progress'] as const,
    /** GET /api/awards/:id/audit pages. */
    audit: (awardId: string) => ['awards', 'programme', awardId, 'audit'] as const,
  },
} as const;
