/** docs/cli.md is the CLI's manual: it must name every command and option, and the real exit codes. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { languageRegistryWithFile } from '../judge/languages-file.js';
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

describe('the languages file in docs/cli.md', () => {
  const example = /```yaml\n(# my-langs\.yaml[\s\S]*?)```/.exec(manual)?.[1] ?? '';
  const documentedError = /```\n(sonocode: invalid languages file my-langs\.yaml[\s\S]*?)```/.exec(manual)?.[1] ?? '';
  const folder = mkdtempSync(join(tmpdir(), 'sonocode-docs-'));

  it('is a complete example that loads, every language with its aliases', async () => {
    const file = join(folder, 'my-langs.yaml');
    writeFileSync(file, example);
    const registry = await languageRegistryWithFile(file);
    expect(registry.get('sh')).toMatchObject({ id: 'bash', run: ['/bin/bash', '{src}'], timeFactor: 3 });
    expect(registry.resolve('solution.sh').id).toBe('bash');
    expect(registry.get('c++20').compile).toContain('-std=gnu++20');
  });

  it('shows the errors of a broken copy exactly as they are reported', async () => {
    const broken = example.replace('run: [/bin/bash, "{src}"]', 'run: /bin/bash {src}').replace('timeFactor: 3 ', 'timefactor: 3 ');
    const file = join(folder, 'my-langs.yaml');
    writeFileSync(file, broken);
    const expected = documentedError.replace(/^sonocode: /, '').trimEnd().replaceAll('my-langs.yaml', file);
    await expect(languageRegistryWithFile(file)).rejects.toThrow(expected);
  });
});

describe('README.md', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it("shows two-sum's real python stub as its example, so that following it gets AC, not RE", async () => {
    const { parse } = await import('yaml');
    const { loadProblem } = await import('../judge/problem/load.js');
    const example = /```yaml\n(title: Two Sum[\s\S]*?)```/.exec(readme)?.[1];
    const documented = (parse(example ?? '') as { codeStubs: unknown[] }).codeStubs;
    const shipped = (await loadProblem(new URL('../../problems/two-sum', import.meta.url).pathname)).codeStubs.find((stub) => stub.language === 'python');
    expect(documented).toEqual([shipped]);
  });
});
