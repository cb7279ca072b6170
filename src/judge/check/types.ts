/**
 * The one signature every built-in checker has: pure functions over the program's output and the
 * expected answer, no I/O. Custom checkers run in the sandbox and are not comparators.
 */

export interface CheckInput {
  /** What the program wrote to standard output. */
  output: Buffer;
  /** The expected output (the answer file of a package). */
  expected: Buffer;
  /** The test's input; built-in comparators do not need it. */
  input?: Buffer;
}

export interface CheckOutcome {
  verdict: 'AC' | 'WA';
  /**
   * For WA, briefly where the output differed, e.g. `line 3, token 2: expected "5", got "6"`,
   * `output ended early: expected "7" at token 4`, `extra output after the answer: "9"`.
   */
  message?: string;
}
