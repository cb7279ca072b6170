/**
 * `sonocode serve [--role api|worker|socket|all] …`: the server roles in this process (src/server,
 * loaded only by this command). Says where it listens on stdout, runs until Ctrl-C or SIGTERM,
 * then drains — nothing acknowledged is lost — and ends with exit code 0.
 */
import type { Env } from '../config.js';
import type { CommandContext, ServeHandle } from '../context.js';
import { CliError } from '../errors.js';
import { write } from '../io.js';

export interface ServeArgs {
  /** The flags as typed (`{port: '0', adminToken: '…'}`); the server's configuration validates them. */
  flags: Readonly<Record<string, string>>;
  /** For the server's own `SONOCODE_*` settings (flags win over them). */
  env: Env;
}

export interface ServeValue {
  kind: 'serve';
  role: string;
}

export async function serve(args: ServeArgs, ctx: CommandContext): Promise<ServeValue> {
  let server: ServeHandle;
  try {
    server = await ctx.deps.serve(args.flags, ctx.signal, args.env);
  } catch (error) {
    throw startError(error);
  }
  const stopping = () => ctx.io.stderr.write('sonocode serve: draining, then stopping (press Ctrl-C again to stop now)\n');
  if (ctx.signal.aborted) stopping();
  else ctx.signal.addEventListener('abort', stopping, { once: true });

  if (server.adminTokenGenerated) {
    ctx.io.stderr.write(
      `sonocode serve: no admin token given (--admin-token or SONOCODE_ADMIN_TOKEN); this run's admin token is ${server.adminToken}\n`,
    );
  }
  await write(ctx.io.stdout, server.url ? `sonocode serve: ${server.role} listening on ${server.url}\n` : `sonocode serve: ${server.role} ready\n`);
  try {
    await server.closed;
  } finally {
    ctx.signal.removeEventListener('abort', stopping);
  }
  return { kind: 'serve', role: server.role };
}

/**
 * Why the server could not start, as the CLI tells it. Errors with a code of their own keep it
 * (`SONO_CONFIG` exits 2, `SONO_REDIS_UNAVAILABLE` and `SANDBOX_*` exit 3); the rest (a port in
 * use, a store that cannot be opened) become SERVE_FAILED, exit 3, with a hint where there is one.
 */
export function startError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('SONO_') || code.startsWith('SANDBOX_') || code === 'ABORTED')) return error;
  if ((error as { name?: unknown } | null)?.name === 'AbortError') return error;
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  const hints: Record<string, string> = {
    EADDRINUSE: 'another process listens on that port: pick another with --port (0 picks a free one)',
    EACCES: 'ports below 1024 need privileges: pick another with --port',
    EADDRNOTAVAIL: 'this machine has no such address: check --host',
    ENOTFOUND: 'check --host',
  };
  const hint = typeof code === 'string' ? hints[code] : undefined;
  return new CliError('SERVE_FAILED', `cannot start the server: ${message}`, { ...(hint ? { hint } : {}), cause: error });
}
