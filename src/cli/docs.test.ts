/** docs/cli.md is the CLI's manual: it must name every command and option, and the real exit codes. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from './config.js';
import { EXIT } from './exit-codes.js';
import { createProgram } from './program.js';

const manual = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
/** `serve`'s settings have their table in docs/server.md (made from src/server/settings.ts). */
const serverManual = readFileSync(new URL('../../docs/server.md', import.meta.url), 'utf8');
const program = createProgram({ version: '0.0.0', writeOut: () => {}, writeErr: () => {}, onInvoke: () => {} });

function leafCommands(command: Command, prefix: string[] = []): { path: string; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return sub.commands.length > 0 ? leafCommands(sub, path) : [{ path: path.join(' '), command: sub }];
  });
}

describe('docs/cli.md', () => {
  const commands = leafCommands(program).filter(({ path }) => path !== 'help');

  it.each(commands.map(({ path, command }) => [path, command] as const))('documents `sonocode %s` and each of its options', (path, command) => {
    expect(manual).toContain(`## sonocode ${path}`);
    for (const option of command.options) {
      expect(path === 'serve' ? serverManual : manual, `${path} ${option.long}`).toContain(option.long!);
    }
  });

  it('documents the global options and every environment variable', () => {
    for (const option of program.options) expect(manual).toContain(option.long!);
    for (const [name] of ENVIRONMENT) expect(manual).toContain(`\`${name}\``);
  });

  it('has the exit codes the CLI uses', () => {
    for (const code of Object.values(EXIT)) expect(manual).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });
});
