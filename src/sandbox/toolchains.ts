/**
 * The host folders every box shows read-only, at the same place: the toolchains (compilers,
 * interpreters, their libraries) and the little of /etc they need. Nothing else of the host: the
 * folders of /usr that hold the machine's own installations and settings rather than toolchains are
 * covered by an empty folder (see {@link hiddenHostPaths}).
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';

const TOOLCHAIN_PATHS = ['/usr', '/bin', '/lib', '/lib64', '/lib32', '/libx32', '/etc/alternatives', '/etc/ld.so.cache'];

/**
 * Folders under the toolchains that no program needs and a machine keeps its own things in: npm's
 * global packages (sonocode itself when installed with `npm i -g`, its sample problems' hidden
 * tests with it) and /usr/local/etc (npm's `npmrc`, which may hold a registry token).
 */
const HIDDEN_PATHS = ['/usr/lib/node_modules', '/usr/local/lib/node_modules', '/usr/local/etc', '/usr/etc'];

/** The folders of {@link HIDDEN_PATHS} this host has: each box covers them with an empty read-only folder. */
export function hiddenHostPaths(): string[] {
  return HIDDEN_PATHS.filter((path) => {
    try {
      return statSync(path).isDirectory() && !lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  });
}

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
