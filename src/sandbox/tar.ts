/** A minimal ustar writer: enough to hand a batch of files to `tar -x` in one exec. */
import type { BoxFile, SandboxFile } from './types.js';

const BLOCK_BYTES = 512;

function header(path: string, size: number, mode: number): Buffer {
  const block = Buffer.alloc(BLOCK_BYTES);
  if (Buffer.byteLength(path) > 100) throw new Error(`sandbox file path too long for tar: ${path}`);
  block.write(path, 0, 100, 'utf8');
  block.write(mode.toString(8).padStart(7, '0') + '\0', 100, 8, 'ascii');
  block.write('0000000\0', 108, 8, 'ascii'); // uid: the extracting user owns the files
  block.write('0000000\0', 116, 8, 'ascii');
  block.write(size.toString(8).padStart(11, '0') + '\0', 124, 12, 'ascii');
  block.write('00000000000\0', 136, 12, 'ascii'); // mtime 0: contents alone define the file
  block.write('        ', 148, 8, 'ascii'); // checksum placeholder (spaces) while summing
  block.write('0', 156, 1, 'ascii'); // regular file
  block.write('ustar\0' + '00', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return block;
}

export function tarOf(files: SandboxFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    parts.push(header(file.path, content.length, file.executable ? 0o755 : 0o644), content);
    const padding = (BLOCK_BYTES - (content.length % BLOCK_BYTES)) % BLOCK_BYTES;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK_BYTES * 2));
  return Buffer.concat(parts);
}

/** A regular file read back from a tar archive. */
export type TarEntry = BoxFile;

/**
 * The regular files of a ustar (or GNU tar) archive, as `tar -c` writes it: names (with their
 * ustar prefix), sizes and contents; links, folders and special files are skipped.
 * @throws Error on a truncated or corrupt archive
 */
export function untar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let longName: string | null = null;
  for (let offset = 0; offset + BLOCK_BYTES <= archive.length; ) {
    const block = archive.subarray(offset, offset + BLOCK_BYTES);
    if (block.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) => block.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new Error(`corrupt tar header at byte ${offset}`);
    const type = text(156, 1) || '0';
    const dataStart = offset + BLOCK_BYTES;
    if (dataStart + size > archive.length) throw new Error(`truncated tar archive at byte ${offset}`);
    const data = archive.subarray(dataStart, dataStart + size);
    const prefix = text(257, 6) === 'ustar' ? text(345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
    longName = null;
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, ''); // GNU long name of the next entry
    else if (type === '0' || type === '7') {
      entries.push({ path: name.replace(/^\.\//, ''), content: Buffer.from(data), mode: parseInt(text(100, 8).trim() || '644', 8) & 0o7777 });
    }
    offset = dataStart + Math.ceil(size / BLOCK_BYTES) * BLOCK_BYTES;
  }
  return entries;
}
