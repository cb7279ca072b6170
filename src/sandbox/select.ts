/** Chooses the sandbox backend. Docker is the one backend today; a native one can join here. */
import { DockerBackend, type DockerBackendOptions } from './docker/backend.js';
import type { SandboxBackend } from './types.js';

export type BackendName = 'docker';

export interface SandboxOptions {
  /** @defaultValue 'docker' */
  backend?: BackendName;
  docker?: DockerBackendOptions;
}

export function createSandbox(options: SandboxOptions = {}): SandboxBackend {
  switch (options.backend ?? 'docker') {
    case 'docker':
      return new DockerBackend(options.docker);
  }
}
