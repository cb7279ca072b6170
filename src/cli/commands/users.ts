/** `sonocode users create <name> --server URL --token ADMIN`: a user of a server, and their token. */
import type { CommandContext } from '../context.js';
import { usageError } from '../errors.js';
import { createStyle } from '../format.js';
import { write } from '../io.js';
import { ask, connect, requireRemote } from './remote.js';

export interface UsersCreateArgs {
  name: string;
  json: boolean;
}

export interface UsersCreateValue {
  kind: 'users-create';
  user: { id: string; name: string };
}

/** The server's limit on a user's name, in characters. */
const MAX_NAME_LENGTH = 100;

export async function createUser(args: UsersCreateArgs, ctx: CommandContext): Promise<UsersCreateValue> {
  const remote = requireRemote(ctx, 'users create', 'sonocode users create alice --server http://127.0.0.1:3000 --token $ADMIN');
  const name = args.name.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH) {
    throw usageError(`a user's name has 1 to ${MAX_NAME_LENGTH} characters, got ${name === '' ? 'none' : String(name.length)}`);
  }
  const client = await connect(ctx, remote);
  const user = await ask(remote, { token: 'admin' }, () => client.createUser(name));
  if (args.json) {
    await write(ctx.io.stdout, `${JSON.stringify({ id: user.id, name: user.name, token: user.token })}\n`);
  } else {
    // the token alone on stdout, so that TOKEN=$(sonocode users create …) works; the rest on stderr,
    // which must not announce a token on the next line when stdout goes elsewhere
    const style = createStyle(ctx.config.color && ctx.io.stderr.isTTY === true);
    const where = ctx.io.stdout.isTTY === true ? 'their token, shown only this once:' : 'their token went to standard output (shown only this once)';
    ctx.io.stderr.write(`${style.green('✓')} created user ${user.name} (id ${user.id}); ${where}\n`);
    await write(ctx.io.stdout, `${user.token}\n`);
  }
  return { kind: 'users-create', user: { id: user.id, name: user.name } };
}
