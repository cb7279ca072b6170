/**
 * Chooses the sandbox backend: `docker` (the system description's container factory), `native`
 * (Linux namespaces through bubblewrap, cgroups from the host), or `auto` — native where it works,
 * Docker otherwise. Every backend gives the same results (the same box session and runner).
 */
import { DockerBackend, type DockerBackendOptions } from './docker/backend.js';
import { NativeBackend, type NativeBackendOptions } from './native/backend.js';
import type { SandboxBackend } from './types.js';

export const BACKEND_NAMES = ['docker', 'native', 'auto'] as const;
export type BackendChoice = (typeof BACKEND_NAMES)[number];

export interface SandboxOptions {
  /** @defaultValue 'docker' */
  backend?: BackendChoice;
  docker?: DockerBackendOptions;
  native?: NativeBackendOptions;
}

/** A backend by name; `auto` is resolved by {@link resolveSandbox}. */
export function createSandbox(options: SandboxOptions = {}): SandboxBackend {
  switch (options.backend ?? 'docker') {
    case 'docker':
      return new DockerBackend(options.docker);
    case 'native':
      return new NativeBackend(options.native);
    case 'auto':
      throw new Error("createSandbox: resolve 'auto' with resolveSandbox() first");
  }
}

/**
 * The backend to use: the one named, or for `auto` the native backend when its check passes here
 * and Docker otherwise (whose own check then says what is wrong, if anything).
 */
export async function resolveSandbox(options: SandboxOptions = {}): Promise<SandboxBackend> {
  if ((options.backend ?? 'docker') !== 'auto') return createSandbox(options);
  const native = new NativeBackend(options.native);
  try {
    await native.check();
    return native;
  } catch {
    return new DockerBackend(options.docker);
  }
}
