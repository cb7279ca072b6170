/**
 * Identifiers and secrets. Ids are 24 lowercase hex digits laid out like a MongoDB ObjectId
 * (seconds, random, counter), so they sort by creation time, fit either store, and are never
 * integer-like (BullMQ rejects integer job ids; a submission's id is its job id).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const processRandom = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

export const ID_PATTERN = /^[0-9a-f]{24}$/;

export function newId(now = Date.now()): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(now / 1000).toString(16).padStart(8, '0').slice(-8);
  return `${seconds}${processRandom}${counter.toString(16).padStart(6, '0')}`;
}

/** A fresh bearer token: `sono_` and 32 random bytes, base64url. */
export function newToken(): string {
  return `sono_${randomBytes(32).toString('base64url')}`;
}

/** What the stores keep instead of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two secrets in constant time (through their hashes, so lengths may differ). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** An id for one running server process, e.g. `socket-3f9a1c2b7d4e`. */
export function newInstanceId(role: string): string {
  return `${role}-${randomBytes(6).toString('hex')}`;
}
