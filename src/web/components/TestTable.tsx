/**
 * A submission's tests as they are judged: each row's verdict, time and memory, and under a failed
 * sample why it failed. Hidden tests show their name and these figures only: the page never has their data.
 */
import { formatKb, formatMs } from '../format.js';
import type { TestRow } from '../judging.js';
import { Pending, Verdict } from './Verdict.js';

export function TestTable({ rows }: { rows: readonly TestRow[] }) {
  return (
    <table className="tests" aria-label="tests">
      <thead>
        <tr>
          <th>#</th>
          <th>test</th>
          <th>verdict</th>
          <th>time</th>
          <th>memory</th>
        </tr>
      </thead>
      <tbody>
        {rows.flatMap((row, index) => [
          <tr key={row.name} data-test={row.name} data-state={row.state}>
            <td>{index + 1}</td>
            <td>
              {row.name}
              {!row.sample && <span className="hidden-mark" title="a hidden test: only its verdict and figures are shown"> hidden</span>}
            </td>
            <td>{row.verdict ? <Verdict verdict={row.verdict} /> : <Pending text={row.state === 'running' ? 'running…' : row.state === 'skipped' ? 'not run' : 'waiting'} />}</td>
            <td>{row.timeMs !== undefined ? formatMs(row.timeMs) : ''}</td>
            <td>{row.memoryKb !== undefined ? formatKb(row.memoryKb) : ''}</td>
          </tr>,
          ...(row.message
            ? [
                <tr key={`${row.name}-message`} className="test-message" data-message-of={row.name}>
                  <td />
                  <td colSpan={4}>
                    <pre className="message">{row.message}</pre>
                  </td>
                </tr>,
              ]
            : []),
        ])}
      </tbody>
    </table>
  );
}
