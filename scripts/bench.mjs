// npm run bench (part 1): the cost of judging, each figure beside the bare cost of the same work
// measured in the same run, medians of several rounds. "Bare" = the same compiler and the same
// program on the same inputs, started directly on the host: no sandbox, no judge.
//
//   1. `sonocode submit` of a Python a+b on 10 tiny tests, with each sandbox backend
//   2. C++ (bits/stdc++.h) compile + 10 tests: cold, with the precompiled header, from the compile cache
//   3. per-test sandbox overhead of each backend: a test's run beside the same fork+exec+wait bare
//   4. stability: the same accepted C++, Python and Java programs judged 20 times each, the spread
//      (max/min) of the time and memory figures, beside the spread of the same programs' CPU time
//      run bare between the judgings (the machine's own noise)
//
// Needs `npm run build` (dist/), Docker and bubblewrap. Env: BENCH_ROUNDS (default 5),
// BENCH_STABILITY (judgings per language for part 4, default 20), BENCH_ONLY (cli, cpp, overhead, stability).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STABILITY = Number(process.env.BENCH_STABILITY ?? 20);
const ONLY = process.env.BENCH_ONLY;
const TESTS = 10;
const root = new URL('..', import.meta.url).pathname;
const dist = (path) => join(root, 'dist', path);
const cli = join(root, 'bin/sonocode.js');
const work = mkdtempSync(join(tmpdir(), 'sonocode-bench-'));

const [{ judgeSubmission }, { LanguageRegistry }, { loadProblem }, { createSandbox }, { CompileCache }, { precompiledHeaderArgs }, { javaHeapMb }] = await Promise.all([
  import(dist('judge/pipeline.js')),
  import(dist('judge/languages.js')),
  import(dist('judge/problem/load.js')),
  import(dist('sandbox/select.js')),
  import(dist('judge/compile-cache.js')),
  import(dist('judge/pch.js')),
  import(dist('judge/java.js')),
]);
const languages = new LanguageRegistry();

const tests = Array.from({ length: TESTS }, (_, i) => ({ input: `${i} ${i * 7}\n`, output: `${i * 8}\n` }));
const problemFile = join(work, 'bench-sum.yaml');
writeFileSync(
  problemFile,
  ['title: Bench sum', 'testCases:', ...tests.map((t, i) => `  - {name: t${i + 1}, input: ${JSON.stringify(t.input)}, output: ${JSON.stringify(t.output)}}`)].join('\n') + '\n',
);
const problem = await loadProblem(problemFile);

const sources = {
  python: { file: 'sum.py', code: 'a, b = map(int, input().split())\nprint(a + b)\n' },
  cpp: { file: 'sum.cpp', code: '#include <bits/stdc++.h>\nusing namespace std;\nint main(){long long a,b;cin>>a>>b;cout<<a+b<<"\\n";}\n' },
  c: { file: 'sum.c', code: '#include <stdio.h>\nint main(void){long long a,b;if(scanf("%lld %lld",&a,&b)!=2)return 1;printf("%lld\\n",a+b);return 0;}\n' },
  java: { file: 'Main.java', code: 'import java.util.*;\nclass Main { public static void main(String[] x) { Scanner s = new Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }\n' },
};
for (const { file, code } of Object.values(sources)) writeFileSync(join(work, file), code);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
async function timedAsync(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
function run(cmd, args, input) {
  const result = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
const table = (header, rows) => {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  console.log();
};
const ms = (value) => `${Math.round(value)} ms`;
const met = (ok) => (ok ? 'met' : 'NOT met');

console.log(`sonocode bench — medians of ${ROUNDS} rounds; every baseline measured in this run\n`);

// ---------------------------------------------------------------------------------------------
// 1. The CLI, Python a+b on 10 tests, per backend

if (!ONLY || ONLY === 'cli') {
  const bare = () =>
    timed(() => {
      for (const test of tests) if (run('/usr/bin/python3', [join(work, 'sum.py')], test.input) !== test.output) throw new Error('bare run: wrong answer');
    });
  const judged = (backend) =>
    timed(() => {
      const result = spawnSync(process.execPath, [cli, '--sandbox', backend, 'submit', problemFile, join(work, 'sum.py'), '--json'], { encoding: 'utf8' });
      const verdict = JSON.parse(result.stdout || '{}').verdict;
      if (verdict !== 'AC') throw new Error(`judged with ${backend}: ${verdict}\n${result.stderr}`);
    });
  const rows = [];
  for (const backend of ['native', 'docker']) {
    judged(backend); // warm-up: the runtime image, the runner, the page cache
    const bareMs = [];
    const judgedMs = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareMs.push(bare());
      judgedMs.push(judged(backend));
    }
    const b = median(bareMs);
    const j = median(judgedMs);
    const target = backend === 'native' ? `≤ bare + 250 ms: ${met(j <= b + 250)}` : '';
    rows.push([`sonocode submit, ${backend}`, ms(j), ms(b), `${(j / b).toFixed(2)}×, +${ms(j - b)}`, target]);
  }
  console.log(`1. \`sonocode submit\` of a Python a+b on ${TESTS} tests (the whole CLI: start, sandbox, checks) beside the same ${TESTS} runs of /usr/bin/python3`);
  table(['judged', 'time', 'bare', 'ratio', 'target'], rows);
}

// ---------------------------------------------------------------------------------------------
// 2. C++ compile + 10 tests: cold, precompiled header, compile cache

if (!ONLY || ONLY === 'cpp') {
  const cpp = languages.get('cpp');
  const coldCpp = { ...cpp, precompiledHeader: undefined };
  const sandbox = createSandbox({ backend: 'native' });
  const cache = new CompileCache({ dir: join(work, 'compile-cache') });
  // the precompiled header is built once per compiler and flags, in the background: wait for it
  for (let waited = 0; precompiledHeaderArgs(cpp).length === 0; waited++) {
    if (waited > 600) throw new Error('the precompiled header was not built in 60 s');
    await sleep(100);
  }
  const bare = () =>
    timed(() => {
      run('/usr/bin/g++', ['-O2', '-std=gnu++17', '-pipe', '-o', join(work, 'sum-bare'), join(work, 'sum.cpp')]);
      for (const test of tests) if (run(join(work, 'sum-bare'), [], test.input) !== test.output) throw new Error('bare run: wrong answer');
    });
  const judged = async (language, compileCache) => {
    let compileStarted = 0;
    let compileMs = 0;
    const total = await timedAsync(async () => {
      const result = await judgeSubmission({ problem, source: sources.cpp.code, language }, sandbox, {
        compileCache,
        onEvent: (event) => {
          if (event.type === 'compile-started') compileStarted = performance.now();
          if (event.type === 'compile-finished') compileMs = performance.now() - compileStarted;
        },
      });
      if (result.verdict !== 'AC') throw new Error(`judged C++: ${result.verdict} ${result.compile.output}`);
    });
    return { total, compileMs };
  };
  await judged(cpp, cache); // warm-up, and fills the cache for the cache-hit rows
  const samples = { bare: [], cold: [], pch: [], hit: [], coldCompile: [], pchCompile: [], hitCompile: [] };
  for (let round = 0; round < ROUNDS; round++) {
    samples.bare.push(bare());
    const cold = await judged(coldCpp, null);
    const pch = await judged(cpp, null);
    const hit = await judged(cpp, cache);
    samples.cold.push(cold.total);
    samples.coldCompile.push(cold.compileMs);
    samples.pch.push(pch.total);
    samples.pchCompile.push(pch.compileMs);
    samples.hit.push(hit.total);
    samples.hitCompile.push(hit.compileMs);
  }
  const b = median(samples.bare);
  console.log(`2. C++ (bits/stdc++.h) compile + ${TESTS} tests through the judge (native sandbox) beside g++ without a precompiled header + ${TESTS} runs`);
  table(
    ['judged', 'total', 'compile stage', 'bare', 'ratio', 'target'],
    [
      ['cold (no precompiled header, no cache)', ms(median(samples.cold)), ms(median(samples.coldCompile)), ms(b), `${(median(samples.cold) / b).toFixed(2)}×`, ''],
      ['precompiled header', ms(median(samples.pch)), ms(median(samples.pchCompile)), ms(b), `${(median(samples.pch) / b).toFixed(2)}×`, `≤ 0.6× bare: ${met(median(samples.pch) <= 0.6 * b)}`],
      ['compile cache hit', ms(median(samples.hit)), ms(median(samples.hitCompile)), ms(b), `${(median(samples.hit) / b).toFixed(2)}×`, `compile stage ≤ 100 ms: ${met(median(samples.hitCompile) <= 100)}`],
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Per-test sandbox overhead

if (!ONLY || ONLY === 'overhead') {
  const RUNS = 200;
  // The bare cost of a test's run: fork, exec the program with its input file on stdin, wait.
  const timeC = join(work, 'loop.c');
  writeFileSync(
    timeC,
    `#include <fcntl.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <sys/wait.h>\n#include <time.h>\n#include <unistd.h>\nint main(int argc,char**argv){int n=atoi(argv[1]);struct timespec a,b;clock_gettime(CLOCK_MONOTONIC,&a);for(int i=0;i<n;i++){pid_t p=fork();if(p==0){int in=open(argv[2],O_RDONLY);int out=open("/dev/null",O_WRONLY);dup2(in,0);dup2(out,1);execv(argv[3],argv+3);_exit(127);}int st;waitpid(p,&st,0);}clock_gettime(CLOCK_MONOTONIC,&b);printf("%f\\n",((b.tv_sec-a.tv_sec)*1e3+(b.tv_nsec-a.tv_nsec)/1e6)/n);return 0;}\n`,
  );
  execFileSync('/usr/bin/gcc', ['-O2', '-o', join(work, 'loop'), timeC]);
  execFileSync('/usr/bin/gcc', ['-O2', '-o', join(work, 'sum'), join(work, 'sum.c')]);
  writeFileSync(join(work, 'sum.in'), '3 4\n');
  const bareRun = () => Number(run(join(work, 'loop'), [String(RUNS), join(work, 'sum.in'), join(work, 'sum')]));
  const rows = [];
  for (const backend of ['native', 'docker']) {
    const sandbox = createSandbox({ backend });
    const session = await sandbox.prepare({ maxMemoryMb: 512 });
    try {
      await session.writeFiles([{ path: 'sum.c', content: sources.c.code }]);
      const compiled = await session.run({ argv: ['/usr/bin/gcc', '-O2', '-o', 'sum', 'sum.c'], limits: { cpuTimeMs: 10_000, wallTimeMs: 20_000, memoryMb: 512, outputKb: 64 } });
      if (compiled.status !== 'exited' || compiled.exitCode !== 0) throw new Error(`compile in ${backend}: ${compiled.stderr}`);
      await session.seal();
      const limits = { cpuTimeMs: 1000, wallTimeMs: 3000, memoryMb: 256, outputKb: 64 };
      const perRun = [];
      const bare = [];
      for (let round = 0; round < ROUNDS; round++) {
        const start = performance.now();
        for (let i = 0; i < RUNS; i++) {
          const result = await session.run({ argv: ['./sum'], stdin: { path: join(work, 'sum.in') }, limits });
          if (result.stdout.toString() !== '7\n') throw new Error(`run in ${backend}: ${result.status} ${result.stderr}`);
        }
        perRun.push((performance.now() - start) / RUNS);
        bare.push(bareRun());
      }
      const p = median(perRun);
      const b = median(bare);
      rows.push([backend, `${p.toFixed(2)} ms`, `${b.toFixed(2)} ms`, `${(p - b).toFixed(2)} ms`, backend === 'native' ? `≤ 3 ms: ${met(p - b <= 3)}` : '']);
    } finally {
      await session.dispose();
    }
  }
  console.log(`3. One test's run in a sealed session (a C a+b, its input file on stdin, output checked), ${RUNS} in a row, beside the same fork+exec+wait bare`);
  table(['backend', 'per test', 'bare', 'overhead', 'target'], rows);
}

// ---------------------------------------------------------------------------------------------
// 4. Stability of the figures

if (!ONLY || ONLY === 'stability') {
  // Programs that do measurable work (a sieve of 10^7, ~0.1–0.5 s of CPU), so a 10% spread means something.
  const sieve = {
    cpp: '#include <bits/stdc++.h>\nint main(){int n;std::cin>>n;std::vector<char> c(n+1,1);long long s=0;for(long long i=2;i<=n;i++){if(!c[i])continue;s+=i;for(long long j=i*i;j<=n;j+=i)c[j]=0;}std::cout<<s<<"\\n";}\n',
    python: 'n = int(input())\nc = bytearray([1]) * (n + 1)\ns = 0\nfor i in range(2, n + 1):\n    if c[i]:\n        s += i\n        c[i * i :: i] = bytes(len(range(i * i, n + 1, i)))\nprint(s)\n',
    java: 'import java.util.*;\nclass Main { public static void main(String[] x) { int n = new Scanner(System.in).nextInt(); boolean[] c = new boolean[n + 1]; long s = 0; for (long i = 2; i <= n; i++) { if (c[(int) i]) continue; s += i; for (long j = i * i; j <= n; j += i) c[(int) j] = true; } System.out.println(s); } }\n',
  };
  const N = 10_000_000;
  writeFileSync(join(work, 'sieve.py'), sieve.python);
  const answer = run('/usr/bin/python3', [join(work, 'sieve.py')], `${N}\n`);
  const sieveProblem = { ...problem, slug: 'sieve', limits: { ...problem.limits, timeLimitMs: 10_000 }, testCases: [{ name: 'n', input: { text: `${N}\n` }, output: { text: answer } }] };
  // The same programs run bare, interleaved with the judged runs so both meet the same machine: the
  // spread the machine itself gives (a CPU time the judge reports cannot be steadier than this).
  writeFileSync(join(work, 'sieve.cpp'), sieve.cpp);
  mkdirSync(join(work, 'sieve-java'), { recursive: true });
  writeFileSync(join(work, 'sieve-java', 'Main.java'), sieve.java);
  run('/usr/bin/g++', ['-O2', '-std=gnu++17', '-o', join(work, 'sieve-cpp'), join(work, 'sieve.cpp')]);
  run('/usr/bin/javac', ['-d', join(work, 'sieve-java'), join(work, 'sieve-java', 'Main.java')]);
  const javaRun = languages.get('java').run.map((arg) => arg.replace('{javaHeapMb}', String(javaHeapMb(problem.limits.memoryLimitMb))).replace('{class}', 'Main'));
  const bareArgv = {
    cpp: [join(work, 'sieve-cpp')],
    python: ['/usr/bin/python3', join(work, 'sieve.py')],
    java: javaRun.map((arg) => (arg === '.' ? join(work, 'sieve-java') : arg)),
  };
  writeFileSync(join(work, 'sieve.in'), `${N}\n`);
  /** CPU time (user + system, ms) of one bare run, as the shell's `times` reports it from getrusage. */
  const bareCpuMs = (argv) => {
    const quoted = argv.map((arg) => `'${arg}'`).join(' ');
    const out = run('/bin/bash', ['-c', `${quoted} < '${join(work, 'sieve.in')}' > /dev/null; times`]);
    const [user, system] = out.trim().split('\n')[1].split(/\s+/).map((field) => {
      const [, minutes, seconds] = field.match(/(\d+)m([\d.]+)s/);
      return Number(minutes) * 60_000 + Number(seconds) * 1000;
    });
    return Math.round(user + system);
  };
  const spread = (values) => Math.max(...values) / Math.max(1, Math.min(...values));
  const rows = [];
  for (const backend of ['native', 'docker']) {
    const sandbox = createSandbox({ backend });
    const cache = new CompileCache({ dir: join(work, `stability-cache-${backend}`) });
    for (const language of ['cpp', 'python', 'java']) {
      const times = [];
      const memory = [];
      const bare = [];
      // one judging first, unrecorded: it compiles (then cached) and brings the toolchain into the page cache
      await judgeSubmission({ problem: sieveProblem, source: sieve[language], language: languages.get(language) }, sandbox, { compileCache: cache });
      for (let i = 0; i < STABILITY; i++) {
        const result = await judgeSubmission({ problem: sieveProblem, source: sieve[language], language: languages.get(language) }, sandbox, { compileCache: cache });
        if (result.verdict !== 'AC') throw new Error(`stability ${language}: ${result.verdict} ${result.tests[0]?.message ?? result.compile.output}`);
        times.push(result.tests[0].timeMs);
        memory.push(result.tests[0].memoryKb);
        bare.push(bareCpuMs(bareArgv[language]));
      }
      const memoryOk = Math.max(...memory) - Math.min(...memory) <= Math.max(1024, Math.min(...memory) * 0.05);
      const timeOk = spread(times) <= 1.1;
      rows.push([
        backend,
        language,
        `${Math.min(...times)}–${Math.max(...times)} ms (${spread(times).toFixed(3)})`,
        `${Math.min(...bare)}–${Math.max(...bare)} ms (${spread(bare).toFixed(3)})`,
        `${Math.min(...memory)}–${Math.max(...memory)} KiB (${spread(memory).toFixed(3)})`,
        `memory within 5% or 1 MiB: ${met(memoryOk)}; CPU time within 10%: ${met(timeOk)}`,
      ]);
    }
  }
  console.log(`4. The same accepted program (a sieve of ${N}) judged ${STABILITY} times: the spread (max/min) of timeMs and memoryKb, beside the CPU time of the same program run bare between the judgings`);
  table(['backend', 'language', 'timeMs (CPU)', 'bare CPU, same runs', 'memoryKb', 'target'], rows);
}

if (existsSync(work)) rmSync(work, { recursive: true, force: true });
