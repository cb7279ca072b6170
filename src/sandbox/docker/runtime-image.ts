/**
 * The default runtime: an empty image (made by importing an empty tar, so no registry is needed)
 * into which the host's toolchain folders are bind-mounted read-only.
 */
import { existsSync, realpathSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';

export const RUNTIME_IMAGE = 'sonocode-runtime:empty';

/** Host paths the default runtime needs, mounted read-only at the same place. */
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

/** `source:target:ro` binds for every toolchain path present on this host (symlinks resolved). */
export function toolchainBinds(extraPaths: string[] = []): string[] {
  const binds: string[] = [];
  for (const target of [...TOOLCHAIN_PATHS, ...javaConfigPaths(), ...extraPaths]) {
    if (!existsSync(target)) continue;
    binds.push(`${realpathSync(target)}:${target}:ro`);
  }
  return binds;
}

export async function runtimeImageExists(docker: Docker, image = RUNTIME_IMAGE): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Creates the empty runtime image when it is missing; returns true when it was created. */
export async function ensureRuntimeImage(docker: Docker, image = RUNTIME_IMAGE): Promise<boolean> {
  if (await runtimeImageExists(docker, image)) return false;
  const [repo, tag = 'latest'] = image.split(':');
  // Two zero blocks are a complete, empty tar archive.
  const stream = await docker.importImage(Readable.from([Buffer.alloc(1024)]) as unknown as string, { repo, tag });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
  );
  return true;
}
