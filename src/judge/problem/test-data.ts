/**
 * The one reader of a test's data (`TestData`: inline text, or a file on the host), as bytes for
 * checkers and sandboxes, or as text for people and documents.
 */
import { readFile } from 'node:fs/promises';
import type { TestData } from './types.js';

/**
 * The data as bytes (inline text encoded as UTF-8).
 * @throws the file system's error (ENOENT…) when a file cannot be read
 */
export async function readTestBytes(data: TestData): Promise<Buffer> {
  return 'text' in data ? Buffer.from(data.text) : readFile(data.path);
}

/**
 * The data as text (a file decoded as UTF-8).
 * @throws the file system's error (ENOENT…) when a file cannot be read
 */
export async function readTestText(data: TestData): Promise<string> {
  return 'text' in data ? data.text : readFile(data.path, 'utf8');
}
