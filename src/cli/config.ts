/**
 * The CLI's configuration, validated once at the edge: flags > `SONOCODE_*` environment > defaults.
 * The result is frozen and passed down; nothing below this file reads process.argv or process.env.
 */
import { didYouMean } from '../errors/suggest.js';
import { MAX_LIMITS } from '../judge/problem/schema.js';
import { BACKEND_NAMES, type BackendChoice } from '../sandbox/select.js';
import { usageError, UsageErrors } from './errors.js';

/** Most submissions `verify --jobs` judges at once. */
export const MAX_JOBS = 32;

export interface CliConfig {
  /** Extra languages (YAML) that extend or override the built-ins. */
  readonly languagesFile?: string;
  /** Whether output may carry ANSI colours. */
  readonly color: boolean;
  /** Whether stdout is a terminal that gets the live (ink) view. */
  readonly interactive: boolean;
  /** Print stack traces of unexpected errors (`SONOCODE_DEBUG=1`). */
  readonly debug: boolean;
  /** Folder `problems list` reads when none is given. @defaultValue `problems` */
  readonly problemsDir: string;
  /** Where programs run: `docker`, `native` or `auto` (native where it works). @defaultValue 'docker' */
  readonly sandbox: BackendChoice;
  /** Overrides of the problem's limits for `submit` and `run`. */
  readonly limits: Readonly<{
    /** CPU time per test, in milliseconds, before the language's time factor. */
    timeLimitMs?: number;
    /** Memory per test, in MiB. */
    memoryLimitMb?: number;
  }>;
  /** Submissions `verify` judges at once (`--jobs`), 1 to {@link MAX_JOBS}; absent when not given. */
  readonly jobs?: number;
  /**
   * The sonocode server the client commands talk to (`--server`, `SONOCODE_SERVER`); only for
   * commands that can (submit, watch, problems import, users create), and only when one is given.
   */
  readonly remote?: RemoteConfig;
}

/** Where a sonocode server is and who we are to it. */
export interface RemoteConfig {
  /** The api's base URL, `http(s)://host:port`, without a trailing slash. */
  readonly server: string;
  /** A user token (submit, watch) or the admin token (problems import, users create). */
  readonly token: string;
  /** WebSocket URL; the server's own `/ws` when omitted. */
  readonly socket?: string;
}

/** The raw strings as they arrived, before validation. */
export interface ConfigFlags {
  /** `--languages FILE` */
  languages?: string;
  /** false for `--no-color` */
  color?: boolean;
  /** `--time-limit-ms N` */
  timeLimitMs?: string;
  /** `--memory-limit-mb N` */
  memoryLimitMb?: string;
  /** `--sandbox docker|native|auto` */
  sandbox?: string;
  /** `verify --jobs N` */
  jobs?: string;
  /**
   * `--server URL`, `--socket URL`, `--token T` of a command that can talk to a server; absent for
   * the others (which then ignore `SONOCODE_SERVER` and `SONOCODE_TOKEN`).
   */
  remote?: { server?: string; socket?: string; token?: string };
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The environment variables the CLI reads, for `--help` and docs. */
export const ENVIRONMENT = [
  ['SONOCODE_LANGUAGES', 'extra languages YAML file (like --languages)'],
  ['SONOCODE_SANDBOX', 'where programs run: docker, native or auto (like --sandbox)'],
  ['SONOCODE_TIME_LIMIT_MS', 'time limit override for submit and run (like --time-limit-ms)'],
  ['SONOCODE_MEMORY_LIMIT_MB', 'memory limit override for submit and run (like --memory-limit-mb)'],
  ['SONOCODE_SERVER', 'sonocode server for submit, watch, problems import, users create (like --server)'],
  ['SONOCODE_TOKEN', 'token for that server: a user token, or the admin token (like --token)'],
  ['SONOCODE_SOCKET', "the server's WebSocket URL, when not <server>/ws (like --socket)"],
  ['SONOCODE_PROBLEMS_DIR', 'folder `problems list` reads by default (problems)'],
  ['SONOCODE_DEBUG', 'set to 1 to print stack traces of unexpected errors'],
  ['NO_COLOR', 'set to anything to turn colours off (like --no-color)'],
  ['FORCE_COLOR', 'set to 1 to keep colours when output is not a terminal, 0 to turn them off'],
] as const;

/**
 * The configuration of one command line, every value checked.
 * @param input.usage - where to keep the usage errors found (the caller throws them, with its own);
 *   when absent, they are thrown here, all together
 * @throws CliError USAGE naming each bad flag or variable (all of them at once)
 */
/**
 * @param input.stdoutColumns - the terminal's width as it reports it; a terminal that says 0 (a pseudo
 *   terminal with no size, as some CI runners make) gets the plain lines, not the live view
 */
export function resolveConfig(input: { flags: ConfigFlags; env: Env; stdoutIsTTY: boolean; stdoutColumns?: number; usage?: UsageErrors }): CliConfig {
  const { flags, env } = input;
  const usage = input.usage ?? new UsageErrors();
  const timeLimitMs = usage.check(() =>
    positiveInteger(
      flags.timeLimitMs ?? env.SONOCODE_TIME_LIMIT_MS,
      flags.timeLimitMs !== undefined ? '--time-limit-ms' : 'SONOCODE_TIME_LIMIT_MS',
      MAX_LIMITS.timeLimitMs,
    ),
  );
  const memoryLimitMb = usage.check(() =>
    positiveInteger(
      flags.memoryLimitMb ?? env.SONOCODE_MEMORY_LIMIT_MB,
      flags.memoryLimitMb !== undefined ? '--memory-limit-mb' : 'SONOCODE_MEMORY_LIMIT_MB',
      MAX_LIMITS.memoryLimitMb,
    ),
  );
  const jobs = usage.check(() => positiveInteger(flags.jobs, '--jobs', MAX_JOBS));
  const languagesFile = usage.check(() => nonEmpty(flags.languages, '--languages') ?? nonEmpty(env.SONOCODE_LANGUAGES, 'SONOCODE_LANGUAGES'));
  const sandbox =
    usage.check(() => backendChoice(flags.sandbox ?? (env.SONOCODE_SANDBOX || undefined), flags.sandbox !== undefined ? '--sandbox' : 'SONOCODE_SANDBOX')) ??
    'docker';
  const limits: { timeLimitMs?: number; memoryLimitMb?: number } = {};
  if (timeLimitMs !== undefined) limits.timeLimitMs = timeLimitMs;
  if (memoryLimitMb !== undefined) limits.memoryLimitMb = memoryLimitMb;

  const remote = flags.remote ? usage.check(() => resolveRemote(flags.remote!, env)) : undefined;
  if (remote && (flags.timeLimitMs !== undefined || flags.memoryLimitMb !== undefined)) {
    usage.add(
      usageError(
        `${flags.timeLimitMs !== undefined ? '--time-limit-ms' : '--memory-limit-mb'} cannot be used with a server: the server judges with the problem's own limits`,
        flags.remote?.server !== undefined ? 'drop the flag, or judge locally without --server' : 'drop the flag, or judge locally: unset SONOCODE_SERVER',
      ),
    );
  }
  if (!input.usage) usage.throwIfAny();

  const config: CliConfig = {
    ...(remote ? { remote: Object.freeze(remote) } : {}),
    ...(languagesFile !== undefined ? { languagesFile } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    color: colorAllowed(flags.color, env, input.stdoutIsTTY),
    interactive: input.stdoutIsTTY && env.TERM !== 'dumb' && input.stdoutColumns !== 0,
    debug: truthy(env.SONOCODE_DEBUG),
    problemsDir: env.SONOCODE_PROBLEMS_DIR || 'problems',
    sandbox,
    limits: Object.freeze(limits),
  };
  return Object.freeze(config);
}

/**
 * The server, token and socket of a client command: flags > `SONOCODE_SERVER` / `SONOCODE_TOKEN` /
 * `SONOCODE_SOCKET`. Undefined when no server is named (the command then works locally, or says it
 * needs one). An empty variable counts as unset.
 *
 * @throws CliError USAGE for a URL that is not http(s) (ws(s) for the socket), a server without a
 *   token, or `--token`/`--socket` without a server
 */
export function resolveRemote(flags: { server?: string; socket?: string; token?: string }, env: Env): RemoteConfig | undefined {
  const pick = (flag: string | undefined, flagName: string, variable: string): { value: string; name: string } | undefined => {
    if (flag !== undefined) return { value: flag, name: flagName };
    const value = env[variable];
    return value !== undefined && value.trim() !== '' ? { value, name: variable } : undefined;
  };
  const server = pick(flags.server, '--server', 'SONOCODE_SERVER');
  const token = pick(flags.token, '--token', 'SONOCODE_TOKEN');
  const socket = pick(flags.socket, '--socket', 'SONOCODE_SOCKET');
  if (!server) {
    // a token in the environment is fine without a server (local judging); a flag is a mistake
    if (flags.token !== undefined || flags.socket !== undefined) {
      throw usageError(`${flags.token !== undefined ? '--token' : '--socket'} is for a server: add --server URL (or set SONOCODE_SERVER)`);
    }
    return undefined;
  }
  const serverUrl = url(server.value, server.name, ['http:', 'https:'], 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!token) {
    throw usageError(
      `${server.name === '--server' ? '--server' : `SONOCODE_SERVER (${server.value})`} needs a token: --token T or SONOCODE_TOKEN`,
      'an admin creates user tokens with `sonocode users create <name> --server URL --token ADMIN`',
    );
  }
  const tokenValue = token.value.trim();
  if (tokenValue === '' || /\s/.test(tokenValue)) throw usageError(`${token.name} must be a token (one word), got ${JSON.stringify(token.value)}`);
  const remote: { server: string; token: string; socket?: string } = { server: serverUrl, token: tokenValue };
  if (socket) remote.socket = url(socket.value, socket.name, ['ws:', 'wss:'], 'ws://127.0.0.1:3000/ws');
  return remote;
}

function url(value: string, name: string, protocols: string[], example: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    throw usageError(`${name} must be a URL, got ${JSON.stringify(value)}`, `e.g. ${example}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw usageError(`${name} must be a ${protocols.map((protocol) => protocol.replace(':', '://')).join(' or ')} URL, got ${JSON.stringify(value)}`, `e.g. ${example}`);
  }
  return value.trim();
}

/**
 * Colour is on for a terminal, off for `--no-color`, a non-empty `NO_COLOR` (no-color.org) or
 * `FORCE_COLOR=0`, and forced on by another `FORCE_COLOR` value.
 */
export function colorAllowed(flag: boolean | undefined, env: Env, stdoutIsTTY: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase());
  return stdoutIsTTY && env.TERM !== 'dumb';
}

/**
 * A positive whole number written in decimal digits, or undefined when absent.
 * @throws CliError USAGE naming `name` (the flag or variable the value came from)
 */
export function positiveInteger(value: string | undefined, name: string, max?: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) === 0) {
    throw usageError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  const number = Number(trimmed);
  if (max !== undefined && number > max) throw usageError(`${name} must be at most ${max}, got ${trimmed}`);
  return number;
}

function nonEmpty(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw usageError(`${name} needs a file name, got an empty string`);
  return value;
}

/** An on/off environment variable: set and not `0`, `false` or `no`. */
export function truthy(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.toLowerCase());
}

/** A sandbox backend's name, as `--sandbox` or SONOCODE_SANDBOX gives it. @throws CliError USAGE naming the valid ones */
function backendChoice(value: string | undefined, name: string): BackendChoice {
  if (value === undefined) return 'docker';
  const choice = value.trim().toLowerCase();
  if ((BACKEND_NAMES as readonly string[]).includes(choice)) return choice as BackendChoice;
  throw usageError(`${name}: unknown sandbox "${value}"${didYouMean(value, BACKEND_NAMES)} (one of ${BACKEND_NAMES.join(', ')})`, 'docker: a container per submission; native: bubblewrap namespaces, faster; auto: native where it works');
}
