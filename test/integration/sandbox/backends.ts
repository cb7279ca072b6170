/**
 * The sandbox backends every contract and attack test runs against (parametrised, never copied):
 * each must give the same results for the same programs.
 */
import { DockerBackend } from '../../../src/sandbox/docker/backend.js';
import { NativeBackend } from '../../../src/sandbox/native/backend.js';
import type { BoxSession } from '../../../src/sandbox/session.js';
import type { PrepareOptions, SandboxBackend } from '../../../src/sandbox/types.js';

export interface TestedBackend {
  name: string;
  make: () => SandboxBackend;
}

export const BACKENDS: TestedBackend[] = [
  { name: 'docker', make: () => new DockerBackend() },
  { name: 'native', make: () => new NativeBackend() },
];

/** A session of the backend, as the box session every backend returns (for its inspection methods). */
export async function boxSession(backend: SandboxBackend, options: PrepareOptions): Promise<BoxSession> {
  return (await backend.prepare(options)) as BoxSession;
}
