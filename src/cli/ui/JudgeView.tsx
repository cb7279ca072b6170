/**
 * The live view of `sonocode submit` on a terminal: the compile step (spinner, then ✓/✗ and its
 * time), one row per finished test (coloured verdict, CPU time, memory), a "running test i/n" line,
 * then the verdict with the largest time and memory. Compiler output is shown on CE.
 */
import { Box, Static, Text } from 'ink';
import { ProblemTitle } from './ProblemTitle.js';
import type { CompileResult, TestResult } from '../../judge/result.js';
import { firstFailure, formatMemory, formatMs, pad, plural, resultSummary, verdictColor, verdictLabel } from '../format.js';
import { groupRows } from '../reporters/plain.js';
import { Spinner } from './Spinner.js';
import type { DoneItem, Step, ViewState } from './state.js';

/** Lines of compiler output and of a test's message shown. */
const COMPILER_LINES = 40;
const MESSAGE_LINES = 4;

export interface JudgeViewProps {
  state: ViewState;
  /** Colours allowed (NO_COLOR, --no-color and pipes turn them off). */
  colors: boolean;
}

export function JudgeView({ state, colors }: JudgeViewProps) {
  return (
    <>
      <Static items={state.done}>{(item) => <DoneLine key={item.key} item={item} colors={colors} nameWidth={state.nameWidth} />}</Static>
      <CurrentStep step={state.step} colors={colors} totalTests={state.start.tests.length} server={state.start.server} />
    </>
  );
}

function DoneLine({ item, colors, nameWidth }: { item: DoneItem; colors: boolean; nameWidth: number }) {
  switch (item.kind) {
    case 'header':
      return (
        <Box flexDirection="column">
          <ProblemTitle problem={item.start.problem} colors={colors} />
          <Text dimColor={colors}>
            {item.start.file} · {item.start.language.name} · {plural(item.start.tests.length, 'test')}{item.start.sandbox ? ` · ${item.start.sandbox} sandbox` : ''}
          </Text>
        </Box>
      );
    case 'compile':
      return <CompileLine language={item.language} compile={item.compile} colors={colors} />;
    case 'test':
      return <TestRow index={item.index} total={item.total} test={item.test} colors={colors} nameWidth={nameWidth} />;
  }
}

function CompileLine({ language, compile, colors }: { language: string; compile: CompileResult; colors: boolean }) {
  if (compile.ok) {
    return (
      <Text>
        <Text color={colors ? 'green' : undefined}>✓</Text> compiled {language} in {formatMs(compile.timeMs)}
      </Text>
    );
  }
  const lines = compile.output.split('\n');
  const shown = lines.slice(0, COMPILER_LINES).join('\n');
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={colors ? 'red' : undefined}>✗</Text> compilation failed ({language}) in {formatMs(compile.timeMs)}
      </Text>
      {compile.output ? (
        <Box marginLeft={2} flexDirection="column">
          <Text>{shown}</Text>
          {lines.length > COMPILER_LINES ? <Text dimColor={colors}>… {lines.length - COMPILER_LINES} more lines</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}

/** The cells of a test row, padded into columns. */
export function testRowCells(index: number, total: number, test: TestResult, nameWidth: number) {
  const counterWidth = String(total).length * 2 + 1;
  return {
    mark: test.verdict === 'AC' ? '✓' : '✗',
    counter: `${index + 1}/${total}`.padStart(counterWidth),
    name: pad(test.name, nameWidth),
    verdict: pad(test.verdict, 3),
    time: formatMs(test.timeMs).padStart(8),
    memory: formatMemory(test.memoryKb).padStart(9),
  };
}

function TestRow({ index, total, test, colors, nameWidth }: { index: number; total: number; test: TestResult; colors: boolean; nameWidth: number }) {
  const cells = testRowCells(index, total, test, nameWidth);
  const color = colors ? verdictColor(test.verdict) : undefined;
  const message = test.verdict !== 'AC' && test.message ? test.message.split('\n').slice(0, MESSAGE_LINES).join('\n') : '';
  return (
    <Box flexDirection="column">
      <Text>
        {'  '}
        <Text color={color}>{cells.mark}</Text> {cells.counter} {cells.name}  <Text color={color} bold={colors}>{cells.verdict}</Text>
        {cells.time}
        {cells.memory}
      </Text>
      {message ? (
        <Box marginLeft={4}>
          <Text dimColor={colors}>{message}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

function CurrentStep({ step, colors, totalTests, server }: { step: Step; colors: boolean; totalTests: number; server?: string | undefined }) {
  switch (step.kind) {
    case 'preparing':
      return (
        <Text>
          <Spinner colors={colors} /> {server ? `waiting for ${server}…` : 'preparing the sandbox…'}
        </Text>
      );
    case 'compiling':
      return (
        <Text>
          <Spinner colors={colors} /> compiling {step.language}…
        </Text>
      );
    case 'running':
      return (
        <Text>
          <Spinner colors={colors} /> running test {step.index + 1}/{step.total} {step.name}
        </Text>
      );
    case 'failed':
      return <Text color={colors ? 'red' : undefined}>✗ {step.message}</Text>;
    case 'done': {
      const { result } = step;
      const failure = firstFailure(result);
      const color = colors ? verdictColor(result.verdict) : undefined;
      return (
        <Box flexDirection="column" marginTop={1}>
          {result.groups && result.groups.length > 0
            ? groupRows(result.groups).map((row) => (
                <Text key={row.group.name}>
                  {'  '}
                  <Text color={colors ? verdictColor(row.group.verdict) : undefined}>{row.group.verdict === 'AC' ? '✓' : '✗'}</Text> {row.name}{'  '}
                  <Text color={colors ? verdictColor(row.group.verdict) : undefined}>{row.verdict}</Text> {row.score}
                </Text>
              ))
            : null}
          {result.compile.ok ? <Text dimColor={colors}>{resultSummary(result, totalTests)}</Text> : null}
          <Text>
            verdict:{' '}
            <Text color={color} bold={colors}>
              {verdictLabel(result.verdict)}
            </Text>
            {failure && result.verdict !== 'CE' ? ` on test ${failure.number} (${failure.test.name})` : ''}
            {result.verdict === 'IE' && result.message && !failure ? `: ${result.message.split('\n')[0]}` : ''}
          </Text>
        </Box>
      );
    }
  }
}
