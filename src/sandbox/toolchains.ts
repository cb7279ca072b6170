/**
 * The host folders every box shows read-only, at the same place: the toolchains (compilers,
 * interpreters, their libraries) and the little of /etc they need. Nothing else of the host.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';

const TOOLCHAIN_PATHS = ['/usr', '/bin', '/lib', '/lib64', '/lib32', '/libx32', '/etc/alternatives', '/etc/ld.so.cache'];

/** Java keeps its configuration under /etc/java-<version>-openjdk, linked from the JDK folder. */
function javaConfigPaths(): string[] {
  try {
    return readdirSync('/etc')
      .filter((name) => /^java-\d+-openjdk$/.test(name))
      .map((name) => `/etc/${name}`);
  } catch {
    return [];
  }
}

/** A toolchain path as the box shows it: a read-only copy of a host folder or file, or a link. */
export type ToolchainMount = { kind: 'bind'; source: string; target: string } | { kind: 'link'; linkTo: string; target: string };

/**
 * Every toolchain path present on this host (and `extraPaths`). A top-level link of the host (on
 * merged-/usr systems, /bin → usr/bin) is a link in the box too, when `keepLinks`; otherwise its
 * target is mounted in its place.
 */
export function toolchainMounts(extraPaths: readonly string[] = [], options: { keepLinks?: boolean } = {}): ToolchainMount[] {
  const mounts: ToolchainMount[] = [];
  for (const target of [...TOOLCHAIN_PATHS, ...javaConfigPaths(), ...extraPaths]) {
    if (!existsSync(target)) continue;
    if (options.keepLinks && lstatSync(target).isSymbolicLink() && !readlinkSync(target).startsWith('/')) {
      mounts.push({ kind: 'link', linkTo: readlinkSync(target), target });
    } else {
      mounts.push({ kind: 'bind', source: realpathSync(target), target });
    }
  }
  return mounts;
}
