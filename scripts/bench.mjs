// npm run bench: the cost of judging, as ratios to the bare cost of the same work measured in the
// same run (medians of several runs). Bare = the same compiler and the same program on the same
// inputs, started directly on the host: no sandbox, no judge.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TESTS = 10;
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/sonocode.js');
const work = mkdtempSync(join(tmpdir(), 'sonocode-bench-'));

const tests = Array.from({ length: TESTS }, (_, i) => ({ input: `${i} ${i * 7}\n`, output: `${i * 8}\n` }));
const problemFile = join(work, 'bench-sum.yaml');
writeFileSync(
  problemFile,
  ['title: Bench sum', 'testCases:', ...tests.map((t, i) => `  - {name: t${i + 1}, input: ${JSON.stringify(t.input)}, output: ${JSON.stringify(t.output)}}`)].join('\n') + '\n',
);

const sources = {
  python: { file: 'sum.py', code: 'a, b = map(int, input().split())\nprint(a + b)\n' },
  cpp: { file: 'sum.cpp', code: '#include <bits/stdc++.h>\nusing namespace std;\nint main(){long long a,b;cin>>a>>b;cout<<a+b<<"\\n";}\n' },
};
for (const { file, code } of Object.values(sources)) writeFileSync(join(work, file), code);

function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
function run(cmd, args, input) {
  const result = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Bare: compile (if any) and run the 10 tests directly. */
function bare(language) {
  const src = join(work, sources[language].file);
  return timed(() => {
    let argv;
    if (language === 'cpp') {
      run('/usr/bin/g++', ['-O2', '-std=gnu++17', '-pipe', '-o', join(work, 'sum-bare'), src]);
      argv = [join(work, 'sum-bare'), []];
    } else {
      argv = ['/usr/bin/python3', [src]];
    }
    for (const test of tests) if (run(argv[0], argv[1], test.input) !== test.output) throw new Error('bare run gave a wrong answer');
  });
}

/** Judged: the CLI, end to end (process start, sandbox, compile, 10 tests, checks). */
function judged(language) {
  return timed(() => {
    const result = spawnSync(process.execPath, [cli, 'submit', problemFile, join(work, sources[language].file), '--json'], { encoding: 'utf8' });
    const verdict = JSON.parse(result.stdout).verdict;
    if (verdict !== 'AC') throw new Error(`judged ${language}: ${verdict}\n${result.stderr}`);
  });
}

console.log(`sonocode bench: ${TESTS} tiny tests per submission, median of ${ROUNDS} rounds, bare and judged measured in this run\n`);
judged('python'); // warm-up: creates the runtime image if missing, warms the page cache
const rows = [];
for (const language of ['python', 'cpp']) {
  const bareMs = [];
  const judgedMs = [];
  for (let round = 0; round < ROUNDS; round++) {
    bareMs.push(bare(language));
    judgedMs.push(judged(language));
  }
  const b = median(bareMs);
  const j = median(judgedMs);
  rows.push({ language, bareMs: Math.round(b), judgedMs: Math.round(j), ratio: (j / b).toFixed(2), overheadMs: Math.round(j - b) });
}
console.table(rows);
for (const row of rows) {
  const target = row.language === 'python' ? `overhead ≤ 1000 ms: ${row.overheadMs <= 1000 ? 'met' : 'NOT met'}` : `judged ≤ 1.5 × bare + 1000 ms (${Math.round(row.bareMs * 1.5 + 1000)} ms): ${row.judgedMs <= row.bareMs * 1.5 + 1000 ? 'met' : 'NOT met'}`;
  console.log(`${row.language}: judged/bare = ${row.ratio} (${row.judgedMs} ms vs ${row.bareMs} ms; +${row.overheadMs} ms) — ${target}`);
}
rmSync(work, { recursive: true, force: true });
