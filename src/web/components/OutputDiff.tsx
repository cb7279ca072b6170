/**
 * Expected output beside what the program wrote, with the lines that differ marked (jsdiff's line
 * diff; trailing spaces and a missing last newline are not differences, as for the checkers).
 */
import { diffLines } from 'diff';

const normalise = (text: string) =>
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n*$/, '\n');

export function OutputDiff({ expected, got }: { expected: string; got: string }) {
  const parts = diffLines(normalise(expected), normalise(got));
  const same = parts.every((part) => !part.added && !part.removed);
  return (
    <div className="diff" data-same={same}>
      <div className="diff-head">{same ? 'output matches the expected output' : 'difference (− expected, + your output)'}</div>
      <pre className="diff-body" aria-label="diff">
        {parts.map((part, index) =>
          part.value
            .replace(/\n$/, '')
            .split('\n')
            .map((line, lineIndex) => (
              <span key={`${index}-${lineIndex}`} className={part.added ? 'diff-added' : part.removed ? 'diff-removed' : 'diff-same'}>
                {part.added ? '+ ' : part.removed ? '− ' : '  '}
                {line}
                {'\n'}
              </span>
            )),
        )}
      </pre>
    </div>
  );
}
