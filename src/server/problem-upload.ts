/**
 * A problem uploaded as a file (the web page's admin view, `POST /api/v1/problems/import`): a
 * native YAML file, or a package as a zip (a native problem folder, or an ICPC/Kattis package). It
 * is written into a private temporary folder — a zip unpacked with every entry kept inside it —
 * loaded with the judge's own loader (`loadProblem`), and turned into the document the API keeps
 * by the judge's codec (`documentFromProblem`), as `sonocode problems import --server` does on the
 * user's machine. The folder is removed after.
 *
 * Unpacking refuses what could write or point outside the folder: absolute names and `..` (yauzl
 * refuses them as it reads), and symbolic links that resolve outside it (links are made after
 * every file, then each is resolved for real, so no file is ever written through one). The number
 * of entries and the unpacked size are bounded before anything is written.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { documentFromProblem } from '../judge/problem/document.js';
import { loadProblem } from '../judge/problem/load.js';
import type { ProblemDocumentInput } from '../judge/problem/schema.js';
import type { FieldIssue } from '../protocol/errors.js';
import { ApiError } from './errors.js';
import { slugFromTitle } from './problems.js';

export interface ArchiveLimits {
  /** Entries (files, folders, links) at most. */
  maxEntries: number;
  /** Unpacked bytes at most, all files together. */
  maxUnpackedBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxUnpackedBytes: 256 * 1024 * 1024 };

/** An uploaded problem as the API keeps it: the document (tests inline), and what did not carry over. */
export interface UploadedProblem {
  document: ProblemDocumentInput;
  warnings: string[];
}

/** What an upload is: the file's name (for the slug and messages), its kind and its bytes. */
export interface Upload {
  name: string;
  kind: 'yaml' | 'zip';
  content: Buffer;
}

/**
 * Loads an uploaded problem as the document the API takes, with what did not carry over.
 * @throws ApiError SONO_VALIDATION (not a problem, an unsafe archive, every issue of the problem)
 *   or SONO_PAYLOAD_TOO_LARGE (too many entries, too large unpacked)
 */
export async function loadUploadedProblem(upload: Upload, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<UploadedProblem> {
  const folder = await mkdtemp(join(tmpdir(), 'sonocode-upload-'));
  try {
    const slug = slugFromTitle(upload.name.replace(/\.(ya?ml|zip)$/i, '')) || 'problem';
    let path: string;
    if (upload.kind === 'yaml') {
      path = join(folder, `${slug}.yaml`);
      await writeFile(path, upload.content, { mode: 0o600 });
    } else {
      const unpacked = join(folder, slug);
      await extractZip(upload.content, unpacked, limits);
      path = await problemRoot(unpacked);
    }
    try {
      // every test inline, as `problems import --server` sends it
      const { document, warnings } = await documentFromProblem(await loadProblem(path), { selfContained: true });
      return { document, warnings };
    } catch (error) {
      throw asUploadError(error, folder, upload.name);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function refused(message: string, issues: FieldIssue[] = [{ path: 'body', message }]): ApiError {
  return new ApiError('SONO_VALIDATION', `body: ${message}`, { issues });
}

/** A loader's error as the uploader should read it: the temporary folder replaced by the file's name. */
function asUploadError(error: unknown, folder: string, name: string): unknown {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('PROBLEM_')) {
    // the codec refuses what the server cannot keep (a custom checker): the user's to fix
    if (error instanceof Error && !(error as { code?: unknown }).code) return refused(error.message.split(folder).join(name));
    return error;
  }
  const shown = (text: string) => text.split(`${folder}${sep}`).join('').split(folder).join(name);
  const issues = ((error as { issues?: { path: string; message: string; line?: number }[] }).issues ?? []).map((issue) => ({
    path: issue.path ? `body.${issue.path}` : 'body',
    message: `${issue.line !== undefined ? `line ${issue.line}: ` : ''}${shown(issue.message)}`,
  }));
  const message = shown((error as Error).message);
  return refused(message, issues.length > 0 ? issues : [{ path: 'body', message }]);
}

/** The problem in an unpacked archive: its top folder, or the one folder (or YAML file) it holds. */
async function problemRoot(unpacked: string): Promise<string> {
  if (await isFile(join(unpacked, 'problem.yaml'))) return unpacked;
  const entries = (await readdir(unpacked, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.') && entry.name !== '__MACOSX');
  if (entries.length === 1 && entries[0].isDirectory()) return join(unpacked, entries[0].name);
  const yamls = entries.filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name));
  if (entries.length === 1 && yamls.length === 1) return join(unpacked, yamls[0].name);
  throw refused('the archive holds no problem: put problem.yaml at its top, or the problem in its one folder');
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() === true;
}

const openZip = (content: Buffer) =>
  new Promise<ZipFile>((resolveZip, reject) =>
    yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(error) : resolveZip(zip))),
  );

/** The next entry of a lazily read zip, or null at its end. */
function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolveEntry, reject) => {
    const done = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => (done(), resolveEntry(entry));
    const onEnd = () => (done(), resolveEntry(null));
    const onError = (error: Error) => (done(), reject(error));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function readStream(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolveStream, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolveStream(stream))));
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** A link's target is a short path; anything longer is not one. */
const MAX_LINK_BYTES = 4096;

/**
 * Unpacks a zip into `into` (created, private), keeping every entry inside it.
 * @throws ApiError SONO_VALIDATION for what is not a zip or would reach outside; SONO_PAYLOAD_TOO_LARGE past the limits
 */
export async function extractZip(content: Buffer, into: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<void> {
  await mkdir(into, { recursive: true, mode: 0o700 });
  let zip: ZipFile;
  try {
    zip = await openZip(content);
  } catch (error) {
    throw refused(`not a zip archive (${(error as Error).message})`);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ApiError('SONO_PAYLOAD_TOO_LARGE', `body: the archive has ${zip.entryCount} entries; at most ${limits.maxEntries} are taken`);
  }
  const links: { path: string; target: string; name: string }[] = [];
  let unpackedBytes = 0;
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const path = resolve(into, entry.fileName);
      const inside = relative(into, path);
      if (inside.startsWith('..') || isAbsolute(inside)) throw refused(`the entry "${entry.fileName}" points outside the archive's folder`);
      if (entry.fileName.endsWith('/') || inside === '') {
        await mkdir(path, { recursive: true, mode: 0o700 });
        continue;
      }
      unpackedBytes += entry.uncompressedSize;
      if (unpackedBytes > limits.maxUnpackedBytes) {
        throw new ApiError('SONO_PAYLOAD_TOO_LARGE', `body: the archive unpacks to more than ${limits.maxUnpackedBytes} bytes`);
      }
      const unixMode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (unixMode === S_IFLNK) {
        if (entry.uncompressedSize > MAX_LINK_BYTES) throw refused(`the link "${entry.fileName}" is not a path`);
        const chunks: Buffer[] = [];
        for await (const chunk of await readStream(zip, entry)) chunks.push(chunk as Buffer);
        links.push({ path, target: Buffer.concat(chunks).toString('utf8'), name: entry.fileName });
        continue;
      }
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // `wx`: an entry named twice is refused rather than written over
      await pipeline(await readStream(zip, entry), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw refused(`the archive cannot be unpacked (${(error as Error).message.split(into).join('')})`);
  } finally {
    zip.close();
  }
  await makeLinks(links, into);
}

/** Makes the archive's links once every file is written, then refuses the archive if one resolves outside `into`. */
async function makeLinks(links: { path: string; target: string; name: string }[], into: string): Promise<void> {
  for (const link of links) {
    if (isAbsolute(link.target)) throw refused(`the link "${link.name}" points outside the archive's folder (${link.target})`);
    try {
      await mkdir(dirname(link.path), { recursive: true, mode: 0o700 });
      await symlink(link.target, link.path);
    } catch (error) {
      throw refused(`the link "${link.name}" cannot be made (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  const root = await realpath(into);
  for (const link of links) {
    // resolved for real, through every link on the way, as a loader reading it would
    const target = await realpath(link.path).catch(() => null);
    const inside = target === null ? null : relative(root, target);
    if (inside === null || inside.startsWith('..') || isAbsolute(inside)) {
      throw refused(`the link "${link.name}" points outside the archive's folder, or to nothing (${link.target})`);
    }
  }
}
