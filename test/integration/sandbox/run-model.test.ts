/**
 * The run model programs are written for (SPEC §5, docs/sandbox.md): `prog < in > out`, with
 * standard input and output as regular files, and the figures a user would measure — for every
 * backend. Each figure is checked against the same program measured outside the sandbox, in the
 * same test, never against a number written here.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipeForWriting } from '../../../src/sandbox/pipes.js';
import type { BoxSession } from '../../../src/sandbox/session.js';
import type { RunLimits } from '../../../src/sandbox/types.js';
import { BACKENDS, boxSession } from './backends.js';

const limits: RunLimits = { cpuTimeMs: 5000, wallTimeMs: 10_000, memoryMb: 256, outputKb: 64 * 1024 };

/**
 * What /usr/bin/time -v does, in a few lines of C: fork, exec, and print the child's maximum
 * resident set size as the kernel reports it to its parent, in KiB. (Measuring from a larger
 * parent would count the parent's own pages, which a forked child holds until it execs.)
 */
const TIME_SOURCE = `#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv) {
  pid_t pid = fork();
  if (pid == 0) { execv(argv[1], argv + 1); return 127; }
  int status; struct rusage usage;
  wait4(pid, &status, 0, &usage);
  printf("%ld\\n", usage.ru_maxrss);
  return 0;
}
`;
let timeBinary = '';

function bareMaxRssKb(argv: readonly string[], input: string): number {
  return Number(execFileSync(timeBinary, [...argv], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }).trim().split('\n').pop());
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe.each(BACKENDS)('$name sandbox run model', ({ make }) => {
  let session: BoxSession;
  let scratch: string;

  beforeAll(async () => {
    session = await boxSession(make(), { maxMemoryMb: 512 });
    scratch = mkdtempSync(join(tmpdir(), 'sonocode-run-model-'));
    const cSource = '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a + b); return 0; }\n';
    await session.writeFiles([{ path: 'sum.c', content: cSource }]);
    const compiled = await session.run({ argv: ['/usr/bin/gcc', '-O2', '-o', 'sum', 'sum.c'], limits: { ...limits, memoryMb: 512 } });
    expect(compiled.status).toBe('exited');
    writeFileSync(join(scratch, 'sum.c'), cSource);
    execFileSync('/usr/bin/gcc', ['-O2', '-o', join(scratch, 'sum'), join(scratch, 'sum.c')]);
    writeFileSync(join(scratch, 'time.c'), TIME_SOURCE);
    timeBinary = join(scratch, 'time');
    execFileSync('/usr/bin/gcc', ['-O2', '-static', '-o', timeBinary, join(scratch, 'time.c')]);
  });
  afterAll(async () => {
    await session?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a missing or non-positive size with an error naming it, before any box is made or run', async () => {
    const backend = make();
    await expect(backend.prepare({} as never)).rejects.toThrow(/prepare: maxMemoryMb must be a positive number of MiB, not undefined/);
    await expect(backend.prepare({ maxMemoryMb: 256, scratchMb: 0 })).rejects.toThrow(/prepare: scratchMb must be a positive number of MiB, not 0/);
    await expect(session.run({ argv: ['./sum'], limits: { ...limits, cpuTimeMs: Number.NaN } })).rejects.toThrow(/run: cpuTimeMs must be a positive number of milliseconds/);
    await expect(session.run({ argv: ['./sum'] } as never)).rejects.toThrow(RangeError);
    // the session is still usable afterwards
    expect((await session.run({ argv: ['./sum'], stdin: { text: '2 3\n' }, limits })).stdout.toString()).toBe('5\n');
  });

  it('places files as the sandbox user, folders made on the way, the mode asked for; a large batch as well as a small one', async () => {
    const placed = await boxSession(make(), { maxMemoryMb: 128, scratchMb: 4 });
    try {
      const big = Buffer.alloc(700 * 1024, 'x'); // over what the runner writes itself: unpacked by tar
      await placed.writeFiles([
        { path: 'a/b/run.sh', content: 'echo ran', executable: true },
        { path: 'a/data.txt', content: Buffer.from([0, 1, 2, 255]) },
      ]);
      await placed.writeFiles([{ path: 'big/blob', content: big }]);
      const listed = await placed.run({ argv: ['/bin/sh', '-c', 'stat -c "%n %a %u" a a/b a/b/run.sh a/data.txt big/blob; a/b/run.sh; od -An -tu1 a/data.txt; wc -c < big/blob'], limits });
      expect(listed.stdout.toString().split('\n').map((line) => line.trim())).toEqual([
        'a 755 65534',
        'a/b 755 65534',
        'a/b/run.sh 755 65534',
        'a/data.txt 644 65534',
        'big/blob 644 65534',
        'ran',
        '0   1   2 255',
        String(big.length),
        '',
      ]);
      // paths that leave the folder, or name nothing, are refused; the scratch space's cap holds
      for (const path of ['../escape', 'a/../../escape', '/etc/escape', 'a//b', '']) {
        await expect(placed.writeFiles([{ path, content: 'x' }])).rejects.toThrow(/could not place files in the sandbox \(EINVAL\)/);
      }
      await expect(placed.writeFiles([{ path: 'full', content: Buffer.alloc(400 * 1024) }, ...Array.from({ length: 12 }, (_, i) => ({ path: `more-${i}`, content: Buffer.alloc(400 * 1024) }))])).rejects.toThrow(
        /could not place files in the sandbox/,
      );
    } finally {
      await placed.dispose();
    }
  });

  it('seals and reads back what a compile left without following a link: folders, files and their modes; too much of it is none', async () => {
    const box = await boxSession(make(), { maxMemoryMb: 128 });
    try {
      await box.writeFiles([{ path: 'make.sh', content: 'mkdir -p pkg/deep && echo class > pkg/deep/A.class && echo run > prog && chmod 751 prog && ln -s /etc/passwd leak && ln -s /etc leakdir && mkfifo pipe' }]);
      expect((await box.run({ argv: ['/bin/sh', 'make.sh'], limits })).status).toBe('exited');
      const gathered = (await box.gatherFiles('/box', 1024 * 1024))!.sort((a, b) => a.path.localeCompare(b.path));
      expect(gathered.map((file) => [file.path, file.mode.toString(8), file.content.toString()])).toEqual([
        ['make.sh', '644', expect.stringContaining('mkdir')],
        ['pkg/deep/A.class', '644', 'class\n'],
        ['prog', '751', 'run\n'],
      ]);
      expect(await box.gatherFiles('/box', 8)).toBeNull(); // over the budget
      // many empty files of long names are as much as one big file: their names count too
      await box.run({ argv: ['/bin/sh', '-c', `mkdir many && cd many && for i in $(seq 200); do touch "$i-${'n'.repeat(200)}"; done`], limits });
      expect(await box.gatherFiles('/box/many', 20_000)).toBeNull();
      expect((await box.gatherFiles('/box/many', 100_000))?.length).toBe(200);
      await box.run({ argv: ['/bin/rm', '-r', 'many'], limits });
      await box.seal();
      const sealed = await box.run({ argv: ['/bin/sh', '-c', 'cd /sealed && find . | sort && stat -c "%n %a %u" prog pkg/deep/A.class && readlink leak'], limits });
      expect(sealed.stdout.toString()).toBe('.\n./leak\n./leakdir\n./make.sh\n./pkg\n./pkg/deep\n./pkg/deep/A.class\n./prog\nprog 751 0\npkg/deep/A.class 644 0\n/etc/passwd\n');
    } finally {
      await box.dispose();
    }
  });

  it('gives standard input and output as regular files the program may fstat, seek and mmap', async () => {
    const input = join(scratch, 'input.txt');
    writeFileSync(input, 'line one\nline two\n');
    const output = join(scratch, 'output.txt');
    const code = [
      'import mmap, os, stat, sys',
      'print(stat.S_ISREG(os.fstat(0).st_mode), stat.S_ISREG(os.fstat(1).st_mode), os.fstat(0).st_size)',
      'data = mmap.mmap(0, 0, prot=mmap.PROT_READ)',
      'print(data[:8].decode())',
      'os.lseek(0, 5, os.SEEK_SET); print(sys.stdin.readline().strip())',
      'sys.stdout.flush(); os.lseek(1, 0, os.SEEK_END); print("end")',
    ].join('\n');
    const run = await session.run({ argv: ['/usr/bin/python3', '-c', code], stdin: { path: input }, stdoutPath: output, limits });
    expect(run.status).toBe('exited');
    expect(readFileSync(output, 'utf8')).toBe('True True 18\nline one\none\nend\n');
  });

  it('keeps everything a program wrote before exiting at once (no pipe drops a tail)', async () => {
    // Node's usual fast output: one write of the whole answer, then process.exit.
    const code = 'const n = 200000; const lines = []; for (let i = 1; i <= n; i++) lines.push(String(i * i)); console.log(lines.join("\\n")); process.exit(0);';
    const output = join(scratch, 'squares.txt');
    const run = await session.run({ argv: ['/usr/bin/node', '-e', code], stdoutPath: output, limits });
    expect(run.status).toBe('exited');
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(200000);
    expect(lines.at(-1)).toBe(String(200000 * 200000));
    expect(run.stdoutBytes).toBe(readFileSync(output).length);
  });

  it('does not let a program write to its input file through /proc/self/fd/0', async () => {
    const input = join(scratch, 'shared.in');
    writeFileSync(input, 'original\n', { mode: 0o666 });
    const run = await session.run({
      argv: ['/bin/sh', '-c', 'echo changed > /proc/self/fd/0; echo changed > /dev/stdin; cat'],
      stdin: { path: input },
      limits,
    });
    expect(readFileSync(input, 'utf8')).toBe('original\n');
    expect(run.stdout.toString()).toBe('original\n');
  });

  it('lets a program reopen its own standard output, as `prog > out` allows', async () => {
    const output = join(scratch, 'reopened.txt');
    const run = await session.run({ argv: ['/bin/sh', '-c', 'echo first; echo second >> /dev/stdout'], stdoutPath: output, limits });
    expect(run.status).toBe('exited');
    expect(readFileSync(output, 'utf8')).toBe('first\nsecond\n');
  });

  it('reports the peak resident set a single-process program has outside the sandbox (C and Python)', async () => {
    for (const [argv, bare] of [
      [['./sum'], [join(scratch, 'sum')]],
      [['/usr/bin/python3', '-c', 'a, b = map(int, input().split()); print(a + b)'], ['/usr/bin/python3', '-c', 'a, b = map(int, input().split()); print(a + b)']],
    ] as const) {
      const inside = [];
      for (let i = 0; i < 5; i++) inside.push((await session.run({ argv: [...argv], stdin: { text: '3 4\n' }, limits })).memoryKb);
      const outside = median([0, 1, 2].map(() => bareMaxRssKb(bare, '3 4\n')));
      // The same binaries and libraries in and out of the box: the same pages, within 10% or 512 KiB.
      expect(Math.abs(median(inside) - outside)).toBeLessThanOrEqual(Math.max(512, outside * 0.1));
      // Stable from run to run: within 5% or 1 MiB.
      expect(Math.max(...inside) - Math.min(...inside)).toBeLessThanOrEqual(Math.max(1024, Math.min(...inside) * 0.05));
    }
  });

  it('reports the resident set of a run it stopped at a limit (no exit to read it from)', async () => {
    const run = await session.run({
      argv: ['/usr/bin/python3', '-c', 'import time\na = bytearray(60 << 20)\na[::4096] = b"x" * len(a[::4096])\ntime.sleep(60)'],
      limits: { ...limits, wallTimeMs: 1500 },
    });
    expect(run.status).toBe('wall-time-limit');
    expect(run.memoryKb).toBeGreaterThan(60 * 1024);
  });

  it('never reports 0 KiB for a program that ran', async () => {
    const run = await session.run({ argv: ['/bin/true'], limits });
    expect(run.memoryKb).toBeGreaterThan(0);
  });

  it('does not count the page cache of a large input the program reads as its memory', async () => {
    const input = join(scratch, 'big.in');
    writeFileSync(input, Buffer.alloc(100 * 1024 * 1024, 'x'));
    const run = await session.run({
      argv: ['/usr/bin/python3', '-c', 'import os\nwhile os.read(0, 1 << 20): pass'],
      stdin: { path: input },
      limits,
    });
    expect(run.status).toBe('exited');
    expect(run.memoryKb).toBeLessThan(32 * 1024);
  });

  it('counts the memory of several processes together, and decides MLE on that same figure', async () => {
    const forkers = 'import os, time\nkids = []\nfor i in range(4):\n    pid = os.fork()\n    if pid == 0:\n        a = bytearray(40 << 20)\n        a[::4096] = b"x" * len(a[::4096])\n        time.sleep(0.5)\n        os._exit(0)\n    kids.append(pid)\nfor pid in kids: os.waitpid(pid, 0)';
    const together = await session.run({ argv: ['/usr/bin/python3', '-c', forkers], limits });
    expect(together.status).toBe('exited');
    expect(together.memoryKb).toBeGreaterThan(4 * 40 * 1024);
    const over = await session.run({ argv: ['/usr/bin/python3', '-c', forkers], limits: { ...limits, memoryMb: 100 } });
    expect(over.status).toBe('memory-limit');
    expect(over.memoryKb).toBeGreaterThan(100 * 1024);
  });

  it('stops a run at once when its signal aborts, with nothing of it left', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new DOMException('stopped by the user', 'AbortError')), 300);
    await expect(session.run({ argv: ['/bin/sh', '-c', 'sleep 30 & while :; do :; done'], limits, signal: controller.signal })).rejects.toThrow(
      'stopped by the user',
    );
    expect(performance.now() - started).toBeLessThan(limits.wallTimeMs);
    expect(session.leftoverProcesses()).toEqual([]);
    expect((await session.run({ argv: ['/bin/echo', 'next'], limits })).stdout.toString()).toBe('next\n');
  });

  it('connects two runs in two boxes through pipes, as an interactive problem does', async () => {
    const other = await boxSession(make(), { maxMemoryMb: 256 });
    try {
      const toSubmission = join(scratch, 'to-submission');
      const toInteractor = join(scratch, 'to-interactor');
      execFileSync('mkfifo', [toSubmission, toInteractor]);
      const interactor = 'import sys\nfor q in (3, 40, 500):\n    print(q, flush=True)\n    answer = sys.stdin.readline()\n    assert int(answer) == q * 2, answer\nprint(0, flush=True)\nsys.stderr.write("accepted")';
      const submission = 'import sys\nfor line in sys.stdin:\n    q = int(line)\n    if q == 0: break\n    print(q * 2, flush=True)';
      const [judged, judging] = await Promise.all([
        session.run({ argv: ['/usr/bin/python3', '-c', submission], stdin: { path: toSubmission }, stdoutPath: toInteractor, limits }),
        other.run({ argv: ['/usr/bin/python3', '-c', interactor], stdin: { path: toInteractor }, stdoutPath: toSubmission, limits }),
      ]);
      expect(judged.status).toBe('exited');
      expect(judged.exitCode).toBe(0);
      expect(judging).toMatchObject({ status: 'exited', exitCode: 0, stderr: 'accepted' });
    } finally {
      await other.dispose();
    }
  });

  it('says when each run ended on the host\'s monotonic clock, so that two runs in two boxes can be ordered', async () => {
    const other = await boxSession(make(), { maxMemoryMb: 256 });
    try {
      const nowUs = () => Number(process.hrtime.bigint() / 1000n); // CLOCK_MONOTONIC on Linux
      const before = nowUs();
      const [slow, quick] = await Promise.all([
        session.run({ argv: ['/bin/sh', '-c', 'sleep 1'], limits }),
        other.run({ argv: ['/bin/true'], limits }),
      ]);
      const after = nowUs();
      for (const run of [slow, quick]) {
        expect(run.endedAtUs).toBeGreaterThanOrEqual(before);
        expect(run.endedAtUs).toBeLessThanOrEqual(after);
      }
      expect(quick.endedAtUs).toBeLessThan(slow.endedAtUs);
      // a run the sandbox stopped ended when it was stopped
      const stopped = await session.run({ argv: ['/bin/sleep', '5'], limits: { ...limits, wallTimeMs: 200 } });
      expect(stopped.status).toBe('wall-time-limit');
      expect(stopped.endedAtUs).toBeLessThanOrEqual(nowUs());
      expect(stopped.endedAtUs).toBeGreaterThan(after);
    } finally {
      await other.dispose();
    }
  });

  it('orders a run stopped at its limit before what ends only once it is gone (an interactor reading its end-of-file)', async () => {
    const other = await boxSession(make(), { maxMemoryMb: 256 });
    try {
      for (let round = 0; round < 3; round++) {
        const pipe = join(scratch, `stopped-writer-${round}`);
        execFileSync('mkfifo', [pipe]);
        const [stopped, reader] = await Promise.all([
          session.run({ argv: ['/bin/sleep', '60'], stdoutPath: pipe, limits: { ...limits, wallTimeMs: 300 } }),
          other.run({ argv: ['/bin/cat'], stdin: { path: pipe }, limits }),
        ]);
        expect([stopped.status, reader.status]).toEqual(['wall-time-limit', 'exited']);
        expect(stopped.endedAtUs, `round ${round}`).toBeLessThan(reader.endedAtUs);
      }
    } finally {
      await other.dispose();
    }
  });

  it('starts a program reading a pipe only once a writer has opened it, so that it never reads a false end-of-file', async () => {
    const pipe = join(scratch, 'late-writer');
    execFileSync('mkfifo', [pipe]);
    const reading = session.run({ argv: ['/bin/sh', '-c', 'read line; echo "got:$line" >&2'], stdin: { path: pipe }, limits });
    // the writer comes late (an interactor whose runner was slow to start)
    await new Promise((resolve) => setTimeout(resolve, 300));
    let fd: number | null;
    while ((fd = openPipeForWriting(pipe)) === null) await new Promise((resolve) => setTimeout(resolve, 1));
    writeSync(fd, 'hello\n');
    closeSync(fd);
    expect((await reading).stderr).toBe('got:hello\n');
  });

  it("opens a pipe's writing end at once when its reader came and went: writes then fail with EPIPE", async () => {
    // An interactive submission that ends before the interactor's run even opened its output.
    const pipe = join(scratch, 'reader-gone');
    execFileSync('mkfifo', [pipe]);
    // alone, it waits for a writer (none comes) until its wall limit, then runs and ends
    const gone = await session.run({ argv: ['/bin/true'], stdin: { path: pipe }, limits: { ...limits, wallTimeMs: 300 } });
    expect(gone.status).toBe('exited');
    const writer = await session.run({ argv: ['/bin/sh', '-c', 'trap "" PIPE; echo hello || echo "broken pipe" >&2'], stdoutPath: pipe, limits });
    expect(writer).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(writer.stderr).toContain('broken pipe');
  });

  it('gives the other end of a pipe end-of-file when a run exits early, and a wall limit when both wait', async () => {
    const other = await boxSession(make(), { maxMemoryMb: 256 });
    try {
      const [a, b] = [join(scratch, 'a'), join(scratch, 'b')];
      execFileSync('mkfifo', [a, b]);
      const [early, reader] = await Promise.all([
        session.run({ argv: ['/bin/true'], stdin: { path: a }, stdoutPath: b, limits }),
        other.run({ argv: ['/bin/sh', '-c', 'read reply || echo "eof" >&2'], stdin: { path: b }, stdoutPath: a, limits }),
      ]);
      expect(early.status).toBe('exited');
      expect(reader.stderr).toBe('eof\n');
      const [c, d] = [join(scratch, 'c'), join(scratch, 'd')];
      execFileSync('mkfifo', [c, d]);
      const waiting = { ...limits, wallTimeMs: 1000 };
      const [first, second] = await Promise.all([
        session.run({ argv: ['/bin/sh', '-c', 'read x'], stdin: { path: c }, stdoutPath: d, limits: waiting }),
        other.run({ argv: ['/bin/sh', '-c', 'read y'], stdin: { path: d }, stdoutPath: c, limits: { ...waiting, wallTimeMs: 5000 } }),
      ]);
      expect(first.status).toBe('wall-time-limit');
      // once the first run is gone, the second reads end-of-file and ends by itself
      expect(second.status).toBe('exited');
    } finally {
      await other.dispose();
    }
  });
});
