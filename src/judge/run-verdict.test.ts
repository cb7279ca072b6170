import { describe, expect, it } from 'vitest';
import type { RunResult } from '../sandbox/types.js';
import { messageSummary, runVerdict } from './run-verdict.js';

const base: RunResult = { status: 'exited', exitCode: 0, signal: null, cpuMs: 5, wallMs: 6, memoryKb: 100, stdout: Buffer.alloc(0), stdoutBytes: 0, endedAtUs: 0, stderr: '' };

describe('runVerdict', () => {
  it('leaves a clean exit to the checker', () => {
    expect(runVerdict(base)).toBeNull();
  });

  it('maps each way a run can end to its verdict', () => {
    expect(runVerdict({ ...base, status: 'cpu-time-limit' })?.verdict).toBe('TLE');
    expect(runVerdict({ ...base, status: 'wall-time-limit' })?.message).toMatch(/sleeping/);
    expect(runVerdict({ ...base, status: 'memory-limit' })?.verdict).toBe('MLE');
    expect(runVerdict({ ...base, status: 'output-limit' })?.verdict).toBe('OLE');
    expect(runVerdict({ ...base, status: 'signaled', exitCode: null, signal: 'SIGSEGV' })).toEqual({ verdict: 'RE', message: 'killed by SIGSEGV' });
    expect(runVerdict({ ...base, exitCode: 3, stderr: 'Traceback\nValueError: boom\n' })).toEqual({ verdict: 'RE', message: 'exit code 3: Traceback\nValueError: boom' });
  });

  it('keeps the head and the tail of a long error: the exception line and the last frames', () => {
    const stderr = ['/sealed/main.js:3', 'TypeError: nums.map is not a function', ...Array.from({ length: 20 }, (_, i) => `    at frame${i} (main.js:${i})`)].join('\n');
    const message = runVerdict({ ...base, exitCode: 1, stderr })?.message ?? '';
    expect(message).toContain('TypeError: nums.map is not a function');
    expect(message).toContain('at frame19');
    expect(message).toMatch(/… \(\d+ lines\) …/);
    const mapped = runVerdict({ ...base, exitCode: 1, stderr: 'boom at main.py' }, { mapPlaces: (text) => text.replace('main.py', 'mine.py') });
    expect(mapped?.message).toBe('exit code 1: boom at mine.py');
  });

  it('calls a runtime that ran out of its own heap MLE', () => {
    expect(runVerdict({ ...base, exitCode: 1, stderr: 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space' })?.verdict).toBe('MLE');
    expect(runVerdict({ ...base, exitCode: 1, stderr: 'Traceback (most recent call last):\nMemoryError\n' })?.verdict).toBe('MLE');
    expect(runVerdict({ ...base, exitCode: 134, stderr: "terminate called after throwing an instance of 'std::bad_alloc'" })?.verdict).toBe('MLE');
  });
});

describe('messageSummary (one line per submission in verify, validate, JUnit and run)', () => {
  it("names what ended the run and the error's own line, in each language's way of reporting it", () => {
    const python = 'exit code 1: Traceback (most recent call last):\n  File "re.py", line 2, in <module>\n    print(a//0)\n          ~^^~\nZeroDivisionError: integer division or modulo by zero';
    expect(messageSummary(python)).toBe('exit code 1: ZeroDivisionError: integer division or modulo by zero');
    const chained = 'exit code 1: Traceback (most recent call last):\n  File "a.py", line 2\nKeyError: 1\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "a.py", line 4\nValueError: bad';
    expect(messageSummary(chained)).toBe('exit code 1: ValueError: bad');
    const javascript = "exit code 1: re.js:2\nnull.foo();\n     ^\nTypeError: Cannot read properties of null (reading 'foo')\n    at Object.<anonymous> (re.js:2:6)\nNode.js v20.20.2";
    expect(messageSummary(javascript)).toBe("exit code 1: TypeError: Cannot read properties of null (reading 'foo')");
    const java = 'exit code 1: Exception in thread "main" java.lang.ArithmeticException: / by zero\n\tat Main.main(Main.java:1)';
    expect(messageSummary(java)).toBe('exit code 1: Exception in thread "main" java.lang.ArithmeticException: / by zero');
    expect(messageSummary('killed by SIGABRT: terminate called after throwing an instance of \'std::out_of_range\'\n  what():  vector')).toBe(
      "killed by SIGABRT: terminate called after throwing an instance of 'std::out_of_range'",
    );
  });

  it("keeps a message without an error line as its first line (a checker's), cut at 200 characters", () => {
    expect(messageSummary('line 1, token 1: expected "3", got "-1"\nmore')).toBe('line 1, token 1: expected "3", got "-1"');
    expect(messageSummary('killed by SIGSEGV')).toBe('killed by SIGSEGV');
    expect(messageSummary(`exit code 2: ${'x'.repeat(300)}`)).toHaveLength(200);
  });
});
