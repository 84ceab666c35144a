/** Version of the realtime protocol; a client whose version differs is told to reload. */
export const PROTOCOL_VERSION = 1;
