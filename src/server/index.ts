/**
 * src/server: the server mode (SPEC §6) — the system description's four services as roles of one
 * binary, a transport over the judge. May import src/judge and src/sandbox; nothing there may
 * import this folder (the judge emits events, the server is one of their reporters).
 *
 *   config.ts        options validated once, frozen (the only reader of the environment)
 *   main.ts          runServe: starts the roles, drains them on shutdown
 *   app.ts           the api's Fastify app (buildApp, no listen) + routes/*
 *   roles/           worker (Evaluator Service), api background work (evaluations, reconciler)
 *   socket/          the Socket Service (ws)
 *   store/           Store interface, SQLite and MongoDB
 *   queue/, events/  in-process and Redis (BullMQ, pub/sub) queues and status bus
 *   messages.ts      the status stream on the wire, and back to judge events
 *   client.ts        SonocodeClient for the CLI and scripts
 */
export { buildApp, type AppDeps } from './app.js';
export { serveOptionsFromFlags, SERVE_FLAGS } from './args.js';
export { resolveServeConfig, ServeConfigError, ROLES, SERVER_ENVIRONMENT, type Role, type ServeOptions, type ServerConfig } from './config.js';
export { ERROR_CATALOGUE, ApiError, type ErrorCode } from './errors.js';
export { runServe, type RunningServer, type ServeRuntime } from './main.js';
export { SonocodeClient, SonocodeApiError, problemDocumentFromProblem, type ClientOptions, type WatchOptions } from './client.js';
export { JudgeEventReplay, type StatusMessage, type ServerFrame, type ClientFrame } from './messages.js';
export { openStore, type Store } from './store/index.js';
