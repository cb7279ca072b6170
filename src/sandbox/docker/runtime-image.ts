/**
 * The default runtime: an empty image (made by importing an empty tar, so no registry is needed)
 * into which the host's toolchain folders are bind-mounted read-only.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { toolchainMounts } from '../toolchains.js';

export const RUNTIME_IMAGE = 'sonocode-runtime:empty';

/** `source:target:ro` binds for every toolchain path present on this host (symlinks resolved). */
export function toolchainBinds(extraPaths: string[] = []): string[] {
  return toolchainMounts(extraPaths).map((mount) => (mount.kind === 'bind' ? `${mount.source}:${mount.target}:ro` : ''));
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
