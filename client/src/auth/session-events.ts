/**
 * Window event sent when the server ended this browser's session or changed its rights (detail:
 * the reason). Kept apart from the socket module so the pages that only listen stay light.
 */
export const SESSION_ENDED_EVENT = 'yunzhan:session-ended';
