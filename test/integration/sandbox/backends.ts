/**
 * The sandbox backends every contract and attack test runs against (parametrised, never copied):
 * each must give the same results for the same programs.
 */
import { DockerBackend } from '../../../src/sandbox/docker/backend.js';
import { NativeBackend } from '../../../src/sandbox/native/backend.js';
import type { BoxSession } from '../../../src/sandbox/session.js';
import type { PrepareOptions, SandboxBackend, SandboxSession } from '../../../src/sandbox/types.js';

export interface TestedBackend {
  name: string;
  make: () => SandboxBackend;
}

/**
 * The native backend's boxes as a warm pool hands them out after their first submission: each
 * session a box that already served one (files placed, sealed, a program run), then renewed. Every
 * contract and attack test runs against it too: a renewed box must be as good as a new one.
 */
class RenewedNativeBoxes implements SandboxBackend {
  readonly name = 'native';
  private readonly backend = new NativeBackend();
  check = () => this.backend.check();
  reap = () => this.backend.reap();

  async prepare(options: PrepareOptions): Promise<SandboxSession> {
    const first = (await this.backend.prepare(options)) as BoxSession;
    await first.writeFiles([{ path: 'first.sh', content: 'echo first > /box/left; echo first > /tmp/left; chmod 700 /box' }]);
    await first.seal();
    await first.run({ argv: ['/bin/sh', '/sealed/first.sh'], limits: { cpuTimeMs: 1000, wallTimeMs: 5000, memoryMb: 64, outputKb: 64 } });
    const renewed = await first.renew();
    if (!renewed) throw new Error('the native box could not be renewed');
    return renewed;
  }
}

export const BACKENDS: TestedBackend[] = [
  { name: 'docker', make: () => new DockerBackend() },
  { name: 'native', make: () => new NativeBackend() },
  { name: 'native (renewed box)', make: () => new RenewedNativeBoxes() },
];

/** A session of the backend, as the box session every backend returns (for its inspection methods). */
export async function boxSession(backend: SandboxBackend, options: PrepareOptions): Promise<BoxSession> {
  return (await backend.prepare(options)) as BoxSession;
}
