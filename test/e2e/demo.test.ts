/**
 * `npm run demo` (scripts/demo.sh) as a new user meets it on a fresh clone, on one problem: the
 * build runs once (`npm ci` builds through the prepare script, so the demo does not build again),
 * no line announces a token that is not there, and the output says exactly what it judges — the
 * C++ and Python reference solutions — as the README says. npm is a stand-in that records how it
 * is called (and "installs" by linking this tree's node_modules); everything else runs for real.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'sonocode-demo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A clone as `git clone` leaves it: the sources and the built CLI, no node_modules. */
function freshClone(): string {
  const clone = join(work, 'clone');
  cpSync(join(root, 'scripts'), join(clone, 'scripts'), { recursive: true });
  for (const entry of ['bin', 'dist', 'native', 'problems', 'package.json']) symlinkSync(join(root, entry), join(clone, entry));
  return clone;
}

/** A folder with an `npm` that appends its arguments to `log`, and links node_modules for `npm ci`. */
function fakeNpm(log: string): string {
  const bin = join(work, 'bin');
  mkdirSync(bin);
  const npm = join(bin, 'npm');
  writeFileSync(npm, `#!/bin/sh\necho "$*" >> ${JSON.stringify(log)}\nif [ "$1" = ci ]; then ln -s ${JSON.stringify(join(root, 'node_modules'))} node_modules; fi\n`);
  chmodSync(npm, 0o755);
  return bin;
}

describe('npm run demo', () => {
  it('builds once, says what it judges (as the README does), and announces no token it does not show', () => {
    const clone = freshClone();
    const log = join(work, 'npm.log');
    writeFileSync(log, '');
    const run = spawnSync('bash', [join(clone, 'scripts/demo.sh')], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${fakeNpm(log)}:${process.env.PATH}`, SONOCODE_DEMO_PROBLEMS: 'a-plus-b guess-the-number', NO_COLOR: '1' },
      timeout: 170_000,
    });
    const output = run.stdout + run.stderr;
    expect(run.status, output).toBe(0);

    // the build: once, inside npm ci
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['ci --no-audit --no-fund']);

    // what it judges, said before and counted after, for the CLI and for the server
    const lines = run.stdout.split('\n');
    const cli = lines.indexOf('== the C++ and Python reference solutions of 2 sample problems (4 solutions), judged with the CLI (sonocode submit <problem> <file>)');
    const server = lines.indexOf("== the same 4 solutions, judged through the server's embedded default (sonocode serve)");
    expect(cli).toBeGreaterThan(-1);
    expect(server).toBeGreaterThan(cli);
    const judged = (from: number, to: number) => lines.slice(from, to).filter((line) => / verdict: /.test(line)).map((line) => line.replace(/\s+/g, ' '));
    expect(judged(cli, server)).toEqual([
      'a-plus-b submissions/accepted/solution.cpp verdict: AC (Accepted)',
      'a-plus-b submissions/accepted/solution.py verdict: AC (Accepted)',
      'guess-the-number submissions/accepted/solution.cpp verdict: AC (Accepted)',
      'guess-the-number submissions/accepted/solution.py verdict: AC (Accepted)',
    ]);
    expect(judged(server, lines.length)).toEqual(judged(cli, server));
    expect(lines.filter((line) => line === 'judged 4 of 4: 4 accepted')).toHaveLength(2);
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+#?\s*/g, ' ');
    expect(readme).toContain('judge the C++ and Python reference solutions of every sample problem');

    expect(output).not.toMatch(/shown only this once:\s*$/m);
  });
});
