/** Where the WebSocket is and how it closes (no zod here: the client imports this at run time). */

/** The path of the WebSocket on api and socket instances. */
export const SOCKET_PATH = '/ws';

/** Close codes beside the standard ones (1001: the instance is going away; clients reconnect elsewhere). */
export const CLOSE_CODES = { unauthorized: 4401, authTimeout: 4408, goingAway: 1001 } as const;
