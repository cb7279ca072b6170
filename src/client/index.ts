/**
 * src/client: a client of a sonocode server (SonocodeClient), for the CLI and for scripts. It
 * knows the server only through src/protocol and the judge's types; it never imports src/server
 * (the one exception, the problem codec, is loaded lazily and moves to src/judge/problem).
 *
 *   client.ts   HTTP requests, the watch/submitAndWatch entry points and run (LeetCode's Run)
 *   follow.ts   following one submission over the WebSocket (a small state machine)
 *   replay.ts   status messages back into the judge's events (pure; the web page can use it)
 *   errors.ts   SonocodeApiError
 */
export { SonocodeClient, type ClientOptions, type WatchOptions } from './client.js';
export { SonocodeApiError } from './errors.js';
export { SubmissionFollower, reconnectDelayMs, type FollowLink, type FollowOptions, type FollowPhase, type LinkHandlers, type OpenLink } from './follow.js';
export { JudgeEventReplay } from './replay.js';
export type { Accepted, CreatedUser, ProblemView, SubmissionView, SubmitInput } from '../protocol/api.js';
export type { RunInput, RunView } from '../protocol/runs.js';
