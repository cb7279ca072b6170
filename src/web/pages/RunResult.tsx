/**
 * What a Run shows: the compiler's complaint, or each sample with its verdict and figures, its
 * input, the expected output, what the program wrote and the difference; or, on the user's own
 * input, what the program wrote. On an interactive problem what the program wrote is the exchange
 * (`> ` its lines, `< ` the interactor's), the input is the interactor's, and nothing is diffed.
 */
import type { RunView } from '../../protocol/index.js';
import { OutputDiff } from '../components/OutputDiff.js';
import { Pending, Verdict } from '../components/Verdict.js';
import { formatKb, formatMs } from '../format.js';

function Text({ label, text }: { label: string; text: string }) {
  return (
    <div className="io">
      <div className="io-label">{label}</div>
      <pre aria-label={label}>{text === '' ? <span className="muted">(empty)</span> : text}</pre>
    </div>
  );
}

export function RunResult({ run, interactive = false }: { run: RunView; interactive?: boolean }) {
  const labels = interactive
    ? { input: "the interactor's input", expected: "the interactor's answer file", output: 'the exchange (> yours, < the interactor\'s)' }
    : { input: 'input', expected: 'expected output', output: 'your output' };
  const statusText = { pending: 'waiting for a worker…', compiling: 'compiling…', running: 'running…', done: '' }[run.status];
  // On the user's own input there is no expected output: a program that ended well just ran, it was not accepted.
  const ranUnchecked = run.mode === 'input' && run.verdict === 'AC';
  return (
    <div className="run" data-run-status={run.status} aria-label="run result">
      <div className="run-head">
        <strong>Run</strong> {run.mode === 'samples' ? `on ${run.sampleCount} sample${run.sampleCount === 1 ? '' : 's'}` : 'on your input'}:{' '}
        {ranUnchecked ? <span className="ran">ran (the output is not checked)</span> : run.verdict ? <Verdict verdict={run.verdict} long /> : <Pending text={statusText} />}
        <span className="muted"> — not a submission: nothing is kept</span>
      </div>
      {run.message && <pre className="error">{run.message}</pre>}
      {run.compile && !run.compile.ok && <Text label="compiler output" text={run.compile.output} />}
      {run.samples.map((sample) => (
        <details key={sample.name} className="sample-result" data-sample={sample.name} data-verdict={sample.verdict} open={sample.verdict !== 'AC'}>
          <summary>
            {sample.name} <Verdict verdict={sample.verdict} /> <span className="muted">{formatMs(sample.timeMs)} · {formatKb(sample.memoryKb)}</span>
          </summary>
          {sample.message && <pre className="message">{sample.message}</pre>}
          <div className="io-grid">
            <Text label={labels.input} text={sample.input} />
            <Text label={labels.expected} text={sample.expected} />
            <Text label={labels.output} text={sample.stdout} />
          </div>
          {!interactive && <OutputDiff expected={sample.expected} got={sample.stdout} />}
          {sample.stderr !== '' && <Text label="standard error" text={sample.stderr} />}
          {sample.truncated && <p className="muted">Some text above was cut.</p>}
        </details>
      ))}
      {run.output && (
        <div className="custom-output" data-verdict={run.output.verdict}>
          <p>
            {ranUnchecked ? <span className="ran">ran</span> : <Verdict verdict={run.output.verdict} />} <span className="muted">{formatMs(run.output.timeMs)} · {formatKb(run.output.memoryKb)}</span>
            {run.output.exitCode !== null && run.output.exitCode !== 0 && <span> · exit code {run.output.exitCode}</span>}
            {run.output.signal && <span> · {run.output.signal}</span>}
          </p>
          {run.output.message && <pre className="message">{run.output.message}</pre>}
          <Text label={labels.output} text={run.output.stdout} />
          {run.output.stderr !== '' && <Text label="standard error" text={run.output.stderr} />}
        </div>
      )}
    </div>
  );
}
