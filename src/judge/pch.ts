/**
 * Precompiled headers: a C++ language may name a header most submissions include
 * (`bits/stdc++.h`), which is then precompiled once per compiler and flags, on the host, into the
 * sandbox's read-only assets folder. A compile adds `-I <that folder>`: GCC looks for `name.gch`
 * in each folder of the search path before the header itself, uses it when it was made with the
 * same compiler and flags, and silently falls back to the real header otherwise — so the program
 * is the same either way, and a program that does not include the header is not touched.
 *
 * Building takes seconds (and the result ~100 MB), so a judge that finds none starts the build in
 * the background and compiles without it this time; the build outlives a short-lived CLI.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BOX_ASSETS_DIR, hostAssetsDir } from '../sandbox/assets.js';
import type { Language } from './languages.js';

/** Compile flags that are not about what the header compiles to (the output and the source). */
function headerFlags(compile: readonly string[]): string[] {
  const flags: string[] = [];
  for (let i = 1; i < compile.length; i++) {
    if (compile[i] === '-o') i++;
    else if (!compile[i].includes('{src}') && !compile[i].includes('{exe}')) flags.push(compile[i]);
  }
  return flags;
}

/** Identifies the compiler binary and the flags: a new compiler or other flags get their own header. */
function pchKey(compiler: string, header: string, flags: readonly string[]): string {
  const real = existsSync(compiler) ? realpathSync(compiler) : compiler;
  const stats = existsSync(real) ? statSync(real) : null;
  return createHash('sha256').update(JSON.stringify([real, stats?.size, stats?.mtimeMs, header, flags])).digest('hex').slice(0, 24);
}

/**
 * The `-I` arguments that give a compile of `language` its precompiled header: none when the
 * language has none, or while it is still being built (then the build is started).
 */
export function precompiledHeaderArgs(language: Pick<Language, 'compile' | 'precompiledHeader'>): string[] {
  if (!language.precompiledHeader || !language.compile) return [];
  const [compiler] = language.compile;
  const flags = headerFlags(language.compile);
  const key = pchKey(compiler, language.precompiledHeader, flags);
  const folder = join(hostAssetsDir(), 'pch', key);
  if (existsSync(join(folder, `${language.precompiledHeader}.gch`))) return [`-I${BOX_ASSETS_DIR}/pch/${key}`];
  startBuild(compiler, language.precompiledHeader, flags, folder);
  return [];
}

/** Builds the header in a detached shell (so it finishes even if this process does not wait). */
function startBuild(compiler: string, header: string, flags: readonly string[], folder: string): void {
  const root = join(hostAssetsDir(), 'pch');
  mkdirSync(root, { recursive: true });
  const lock = `${folder}.building`;
  try {
    mkdirSync(lock); // one builder at a time, across processes
  } catch {
    // another judge is building it; a lock older than 10 minutes is a crashed build's
    if (Date.now() - statSync(lock).mtimeMs < 600_000) return;
  }
  // Finds where the compiler takes the header from, compiles it there, and moves the result into
  // place in one rename, so a compile sees either no header or a whole one.
  const script = [
    'set -e',
    'tmp="$LOCK/out"; rm -rf "$tmp"; mkdir -p "$tmp/$(dirname "$HEADER")"',
    'source=$(printf "#include <%s>\\n" "$HEADER" | "$CXX" "$@" -x c++ -E -H - 2>&1 >/dev/null | sed -n "s/^\\. //p" | head -n 1)',
    '[ -n "$source" ]',
    '"$CXX" "$@" -x c++-header "$source" -o "$tmp/$HEADER.gch"',
    'mv "$tmp" "$FOLDER"',
    'rm -rf "$LOCK"',
  ].join('\n');
  const child = spawn('/bin/sh', ['-c', `${script}\n`, 'pch', ...flags], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: '/usr/bin:/bin', CXX: compiler, HEADER: header, FOLDER: folder, LOCK: lock },
  });
  child.on('error', () => {});
  child.unref();
}
