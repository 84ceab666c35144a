/** Version of the realtime protocol; a client whose version differs is told to reload. */
// 2: chat by channel (`chat:batch`, `chat:update`, moderation, reactions, polls, presence by channel).
export const PROTOCOL_VERSION = 2;
