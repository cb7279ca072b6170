/**
 * src/server: the server mode (SPEC §6) — the system description's four services as roles of one
 * binary, a transport over the judge. May import src/protocol, src/judge and src/sandbox; nothing
 * there may import this folder (the judge emits events, the server is one of their reporters).
 * The CLI imports it only to serve: settings.ts for the flags, main.ts to run.
 *
 *   settings.ts      every setting of `serve` in one table (flags, environment, defaults, docs)
 *   config.ts        the settings validated once, frozen, sliced (the only reader of the environment)
 *   main.ts          runServe: starts the roles onto one shutdown stack (shutdown.ts), drains them
 *   http.ts          what every listening role shares: errors, 404, /health
 *   app.ts           the api's Fastify app (buildApp, no listen) + routes/*
 *   validation.ts    zod issues → `{path, message}` for requests, frames, problems and settings
 *   roles/           worker (Evaluator Service), api background work (evaluations, reconciler)
 *   socket/          the Socket Service (ws)
 *   store/           Store interface, SQLite and MongoDB
 *   queue/, events/  in-process and Redis (BullMQ, pub/sub) queues and status bus
 */
export { buildApp, type AppDeps } from './app.js';
export { resolveServeConfig, ServeConfigError, type ServerConfig } from './config.js';
export { ApiError } from './errors.js';
export { runServe, type RunningServer, type ServeRuntime } from './main.js';
export { ROLES, SERVE_SETTINGS, serveOptionsFromFlags, type Role, type ServeOptions } from './settings.js';
export { openStore, type Store } from './store/index.js';
