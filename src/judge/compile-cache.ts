/**
 * Compiled programs kept on disk, so that judging unchanged source again skips the compiler. An
 * entry is keyed by a hash of everything that decides what the compiler makes: what it is for (a
 * submission or a checker: never shared by accident), the language, the compile command, the
 * compiler's identity (its binary: path, size and modification time, so a new compiler version
 * misses) and the source. It holds the compile's outcome and, when it succeeded, every file the
 * compile left in the work folder.
 *
 * One folder serves every judge on the machine (`$XDG_CACHE_HOME/sonocode/compiled`): entries are
 * written to a temporary file and renamed into place, so two workers filling the same key at once
 * both succeed and a reader never sees half an entry. The folder is kept under a size bound by
 * removing the entries used least recently (a hit touches its entry). Measuring the folder means a
 * `stat` of every entry, which cost a busy server more CPU than its compiles saved when done after
 * every store; so a judge measures it only once it has itself stored 1/16 of the bound since it last
 * did, or when no judge on the machine has measured it for a minute (a marker file's time says when).
 * The folder may therefore exceed its bound, briefly, by what the judges store in between.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BoxFile } from '../sandbox/types.js';

/** What a compile made. */
export interface CachedCompile {
  ok: boolean;
  /** The compiler's messages. */
  output: string;
  /** The files of the work folder after the compile (empty when it failed). */
  files: BoxFile[];
}

export interface CompileKeyParts {
  /** `submission` or `checker`: entries of one are never served to the other. */
  purpose: 'submission' | 'checker';
  languageId: string;
  /** The compile command, as run. */
  argv: readonly string[];
  /** The source as compiled (after the stubs are added). */
  source: string;
  /** Anything else the output depends on (a precompiled header's identity). */
  extra?: string;
}

export interface CompileCacheOptions {
  /** @defaultValue `$XDG_CACHE_HOME/sonocode/compiled` or `~/.cache/sonocode/compiled` */
  dir?: string;
  /** The most the folder may hold, in MiB (exceeded briefly between measurements: see the class comment). @defaultValue 512 */
  maxSizeMb?: number;
}

const FORMAT = 'sonocode-compiled-1';
/** How often some judge on the machine measures the folder, at the least. */
const MEASURE_INTERVAL_MS = 60_000;
/** The marker whose modification time is when a judge last measured the folder. */
const MEASURED_MARKER = '.measured';

export class CompileCache {
  readonly dir: string;
  private readonly maxBytes: number;
  /** Bytes this judge stored since it last measured the folder. */
  private storedSinceMeasuredBytes = 0;

  constructor(options: CompileCacheOptions = {}) {
    this.dir = options.dir ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sonocode', 'compiled');
    this.maxBytes = (options.maxSizeMb ?? 512) * 1024 * 1024;
  }

  /** The key of a compile: a hex digest. */
  static key(parts: CompileKeyParts): string {
    const compiler = parts.argv[0] ?? '';
    return createHash('sha256')
      .update(JSON.stringify([FORMAT, parts.purpose, parts.languageId, parts.argv, compilerIdentity(compiler), parts.extra ?? '', parts.source]))
      .digest('hex');
  }

  /** The entry of a key, or null; a damaged entry counts as missing (and is removed). */
  async get(key: string): Promise<CachedCompile | null> {
    const path = this.pathOf(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return null;
    }
    try {
      const entry = decode(bytes);
      const now = new Date();
      await utimes(path, now, now).catch(() => {});
      return entry;
    } catch {
      await rm(path, { force: true });
      return null;
    }
  }

  /** Stores an entry (atomically), then keeps the folder under its size bound. */
  async put(key: string, entry: CachedCompile): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = this.pathOf(key);
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const bytes = encode(entry);
    await writeFile(temporary, bytes, { mode: 0o600 });
    await rename(temporary, path);
    this.storedSinceMeasuredBytes += bytes.length;
    if (await this.measureIsDue()) await this.evict();
  }

  /** Whether the folder is to be measured now (see the class comment); if so, marks it measured. */
  private async measureIsDue(): Promise<boolean> {
    const marker = join(this.dir, MEASURED_MARKER);
    const measuredMs = await stat(marker).then((stats) => stats.mtimeMs, () => 0);
    if (this.storedSinceMeasuredBytes < this.maxBytes / 16 && Date.now() - measuredMs < MEASURE_INTERVAL_MS) return false;
    this.storedSinceMeasuredBytes = 0;
    await writeFile(marker, '');
    return true;
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a compile cache key: ${key}`);
    return join(this.dir, `${key}.bin`);
  }

  /** Removes the least recently used entries until the folder fits its bound. */
  private async evict(): Promise<void> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => name.endsWith('.bin'));
    const entries = (
      await Promise.all(names.map(async (name) => ({ name, stats: await stat(join(this.dir, name)).catch(() => null) })))
    ).flatMap(({ name, stats }) => (stats ? [{ name, size: stats.size, usedMs: stats.mtimeMs }] : []));
    let total = entries.reduce((sum, entry) => sum + entry.size, 0);
    for (const entry of entries.sort((a, b) => a.usedMs - b.usedMs)) {
      if (total <= this.maxBytes) break;
      await rm(join(this.dir, entry.name), { force: true });
      total -= entry.size;
    }
  }
}

/** What identifies a compiler binary without running it: its real path, size and modification time. */
function compilerIdentity(binary: string): string {
  if (!binary.startsWith('/') || !existsSync(binary)) return binary;
  const real = realpathSync(binary);
  const stats = statSync(real);
  return `${real}:${stats.size}:${stats.mtimeMs}`;
}

/** One file: a JSON header line (outcome, names, modes, sizes), then the contents back to back. */
function encode(entry: CachedCompile): Buffer {
  const header = JSON.stringify({
    format: FORMAT,
    ok: entry.ok,
    output: entry.output,
    files: entry.files.map((file) => ({ path: file.path, mode: file.mode, size: file.content.length })),
  });
  return Buffer.concat([Buffer.from(`${header}\n`), ...entry.files.map((file) => file.content)]);
}

function decode(bytes: Buffer): CachedCompile {
  const end = bytes.indexOf(10);
  const header = JSON.parse(bytes.subarray(0, end).toString('utf8')) as {
    format: string;
    ok: boolean;
    output: string;
    files: { path: string; mode: number; size: number }[];
  };
  if (header.format !== FORMAT) throw new Error('another format');
  let offset = end + 1;
  const files = header.files.map((file) => {
    const content = bytes.subarray(offset, offset + file.size);
    if (content.length !== file.size) throw new Error('truncated entry');
    offset += file.size;
    return { path: file.path, mode: file.mode, content: Buffer.from(content) };
  });
  return { ok: header.ok, output: header.output, files };
}
