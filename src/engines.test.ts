/**
 * package.json's `engines.node` is true: every package installed (the development ones too, which
 * `npm ci` installs and checks) supports every Node version it declares — so `npm ci` gives no
 * EBADENGINE warning — and it names the Node this runs on and the current LTS lines, 22 and 24.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const declared = manifest.engines.node;

describe('engines.node', () => {
  it('is a range this Node and the LTS lines 22 and 24 are in', () => {
    expect(semver.validRange(declared)).not.toBeNull();
    expect(semver.satisfies(process.version, declared), `${process.version} in ${declared}`).toBe(true);
    for (const version of ['22.12.0', '24.0.0']) expect(semver.satisfies(version, declared), `${version} in ${declared}`).toBe(true);
  });

  it('promises no Node that an installed package does not support', () => {
    const installed = Object.entries(lock.packages).filter(([folder]) => folder !== '' && existsSync(join(root, folder)));
    expect(installed.length).toBeGreaterThan(100);
    const unsupported = installed.flatMap(([folder, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (range === undefined || semver.subset(declared, range, { includePrerelease: false })) return [];
      return [`${folder.replace(/^.*node_modules\//, '')}@${entry.version}: node ${range}`];
    });
    expect(unsupported, `these do not support all of ${declared}`).toEqual([]);
  });
});
