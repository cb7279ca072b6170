/** A submission being judged, or judged: its overall verdict (and score), compile output and test rows. */
import type { Judging } from '../judging.js';
import { Pending, Verdict } from '../components/Verdict.js';
import { TestTable } from '../components/TestTable.js';
import { formatKb, formatMs } from '../format.js';

export function JudgingView({ judging, id }: { judging: Judging; id: string }) {
  const { result } = judging;
  const statusText = { pending: 'pending', compiling: 'compiling…', running: 'running…', done: '' }[judging.status];
  return (
    <div className="judging" data-submission={id} data-status={judging.status} aria-label="submission result">
      <div className="judging-head">
        <strong>Submission</strong> <a href={`#/submissions/${id}`} className="muted">{id}</a>:{' '}
        {result ? <Verdict verdict={result.verdict} long /> : <Pending text={statusText} />}
        {result?.score !== undefined && (
          <span className="score" data-score={result.score}>
            {' '}
            score {result.score}
            {result.maxScore !== undefined ? ` / ${result.maxScore}` : ''}
          </span>
        )}
        {result && result.verdict !== 'CE' && (
          <span className="muted">
            {' '}
            · {formatMs(result.timeMs)} · {formatKb(result.memoryKb)}
          </span>
        )}
      </div>
      {result?.message && <pre className="error">{result.message}</pre>}
      {judging.compile && !judging.compile.ok && <pre className="compile-output" aria-label="compiler output">{judging.compile.output}</pre>}
      <TestTable rows={judging.rows} />
    </div>
  );
}
