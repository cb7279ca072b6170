/**
 * Steps the client commands share (submit --server, watch, problems import --server, users create):
 * the server from the configuration, its client, and its errors told the way a user can act on.
 */
import type { JudgeEvent } from '../../judge/events.js';
import type { JudgeResult } from '../../judge/result.js';
import type { RemoteConfig } from '../config.js';
import type { CommandContext, ServerClient } from '../context.js';
import { ServerError, usageError } from '../errors.js';
import { createReporter, reporterKind, type JudgeStart } from '../reporters/index.js';

/** Which token a command sends, for the hint when the server refuses it. */
export type TokenKind = 'user' | 'admin';

/** What a request was about, for the message when it is not found. */
export interface Subject {
  token: TokenKind;
  /** The problem slug or id the command named. */
  problem?: string;
  /** The submission id the command named. */
  submission?: string;
}

/**
 * The server of a command that cannot work without one.
 *
 * @throws CliError USAGE naming the flag and the variable, with an example
 */
export function requireRemote(ctx: CommandContext, command: string, example: string): RemoteConfig {
  const { remote } = ctx.config;
  if (!remote) throw usageError(`${command} needs a server: --server URL and --token T (or SONOCODE_SERVER and SONOCODE_TOKEN)`, `e.g. ${example}`);
  return remote;
}

export function connect(ctx: CommandContext, remote: RemoteConfig): Promise<ServerClient> {
  return ctx.deps.connect({ server: remote.server, token: remote.token, ...(remote.socket !== undefined ? { socket: remote.socket } : {}) });
}

const ADMIN_TOKEN_HINT = 'this needs the admin token the server was started with (`sonocode serve --admin-token`, or its SONOCODE_ADMIN_TOKEN)';
const USER_TOKEN_HINT = 'check --token (or SONOCODE_TOKEN); an admin creates user tokens: sonocode users create <name> --server URL --token ADMIN';

/**
 * An error of the server's client as the user should read it: the server's code kept (so that the
 * exit code follows it), the message saying which server and what, and a hint. Other errors
 * (Ctrl-C, files, the CLI's own) pass through unchanged.
 */
export function explainServerError(error: unknown, remote: RemoteConfig, subject: Subject): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SONO_') || /^HTTP_\d{3}$/.test(code)) || error instanceof ServerError) return error;
  const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 0;
  const said = String((error as { message?: unknown }).message ?? code);
  // codes of the server's catalogue are shown, to look up in docs/api.md; the client's own are not
  const answer = status > 0 ? `${said} (${code})` : said;
  const make = (message: string, hint?: string) => new ServerError(code, status, message, { ...(hint ? { hint } : {}), cause: error });

  switch (code) {
    case 'SONO_CONNECTION':
      return make(
        said,
        said.includes('WebSocket')
          ? 'check --socket (or SONOCODE_SOCKET); without it the client uses the server\'s own /ws'
          : `is \`sonocode serve\` running there? check --server (or SONOCODE_SERVER)`,
      );
    case 'SONO_UNAUTHORIZED':
      return make(
        `the server at ${remote.server} did not accept the token: ${answer}`,
        subject.token === 'admin' ? ADMIN_TOKEN_HINT : USER_TOKEN_HINT,
      );
    case 'SONO_FORBIDDEN':
      return make(
        `the server at ${remote.server} refused: ${answer}`,
        subject.token === 'admin'
          ? ADMIN_TOKEN_HINT
          : 'submissions are made with a user token, not the admin\'s: sonocode users create <name> --server URL --token ADMIN',
      );
    case 'SONO_NOT_FOUND':
    case 'SONO_UNKNOWN_PROBLEM':
      if (subject.submission !== undefined) {
        return make(`no submission "${subject.submission}" on ${remote.server} (or it is not yours)`, 'a user sees only their own submissions; check the id and --token');
      }
      if (subject.problem !== undefined) {
        return make(
          `no problem "${subject.problem}" on ${remote.server}`,
          'on a server a problem is named by its slug; upload one with `sonocode problems import <path> --server URL --token ADMIN`',
        );
      }
      return make(answer);
    case 'SONO_UNAVAILABLE':
      return make(`the server at ${remote.server} is not taking work now: ${answer}`, 'it is shutting down or one of its dependencies (store, Redis) is down; retry in a moment');
    case 'SONO_RATE_LIMITED':
      return make(answer, 'wait a little, then submit again');
    case 'SONO_TIMEOUT':
      return make(`${said}; the submission goes on on the server`, 'follow it later with `sonocode watch <submission-id> --server URL --token T`');
    case 'SONO_INTERNAL':
      return make(`the server at ${remote.server} failed: ${answer}`, 'the server logged the details');
    default:
      return make(answer);
  }
}

/** Runs a request, telling its error the way {@link explainServerError} does. */
export async function ask<T>(remote: RemoteConfig, subject: Subject, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw explainServerError(error, remote, subject);
  }
}

/**
 * Shows a submission judged on a server with the reporters of local judging (live view, plain
 * lines, or `--json`: the JudgeResult with its `submissionId`), fed by `follow`.
 */
export async function reportRemote(
  ctx: CommandContext,
  json: boolean,
  start: JudgeStart,
  follow: (onEvent: (event: JudgeEvent) => void) => Promise<{ id: string; result: JudgeResult }>,
): Promise<{ id: string; result: JudgeResult }> {
  const reporter = await createReporter(reporterKind(ctx.config, json), ctx.io, ctx.config);
  reporter.begin(start);
  let followed: { id: string; result: JudgeResult };
  try {
    followed = await follow((event) => reporter.onEvent(event));
  } catch (error) {
    await reporter.end({ error });
    throw error;
  }
  // more fields are welcome in the result (SPEC §4): the id to `watch` it again
  const result: JudgeResult = Object.assign({}, followed.result, { submissionId: followed.id });
  await reporter.end({ result });
  return { id: followed.id, result };
}
