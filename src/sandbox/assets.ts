/**
 * A read-only folder of the judge's own assets (precompiled headers), shown in every box at the
 * same place: files the judge builds once on the host and every program's compile may read.
 * Programs cannot write it; nothing of a submission is ever put there.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the assets are inside every box. */
export const BOX_ASSETS_DIR = '/assets';

/** Where the assets are on the host: `$XDG_CACHE_HOME/sonocode/assets` (or `~/.cache/sonocode/assets`), made when missing. */
export function hostAssetsDir(): string {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sonocode', 'assets');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}
