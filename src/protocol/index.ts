/**
 * src/protocol: what a sonocode server and its clients say to each other — the HTTP API's bodies
 * and views, the status stream, WebSocket frames, the API error catalogue and the redaction of hidden
 * tests. Shared by the server, the client, the CLI and the web page, so it runs anywhere: it may
 * import zod and the judge's result, verdict and event modules, and nothing of Node, the server,
 * the client or the sandbox (src/architecture.test.ts enforces it).
 *
 *   api.ts       request and response schemas of the HTTP API, and their types
 *   status.ts    status messages (the live stream, snapshots)
 *   runs.ts      Run (judged on the samples or an input, not stored): body, view, `run` messages
 *   progress.ts  how far judging got (stored, shown in snapshots and the API)
 *   frames.ts    WebSocket frames
 *   socket.ts    the socket's path and close codes
 *   errors.ts    the API error catalogue and the `{code, message, issues?}` body
 *   redact.ts    what a user may see of a result
 */
export * from './api.js';
export * from './errors.js';
export * from './frames.js';
export * from './progress.js';
export * from './redact.js';
export * from './runs.js';
export * from './socket.js';
export * from './status.js';
