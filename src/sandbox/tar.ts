/** A minimal ustar writer: enough to hand a batch of files to `tar -x` in one exec. */
import type { SandboxFile } from './types.js';

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
