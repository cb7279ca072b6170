/**
 * The live view of `sonocode verify` on a terminal: a line per judged submission (expected vs got),
 * a spinner line per submission being judged with its step, and the summary at the end.
 */
import { Box, Static, Text } from 'ink';
import { ProblemTitle } from './ProblemTitle.js';
import { createStyle, plural } from '../format.js';
import { outcomeLines, verifySummary } from '../reporters/verify-lines.js';
import { Spinner } from './Spinner.js';
import type { VerifyDoneItem, VerifyViewState } from './verify-state.js';

export function VerifyView({ state, colors }: { state: VerifyViewState; colors: boolean }) {
  const style = createStyle(colors);
  return (
    <>
      <Static items={state.done}>{(item) => <DoneLine key={item.key} item={item} colors={colors} width={state.width} />}</Static>
      {state.running.map((running) => (
        <Text key={running.file}>
          {'  '}
          <Spinner colors={colors} /> {running.file} <Text dimColor={colors}>{running.step}</Text>
        </Text>
      ))}
      {state.end === undefined && state.total > 0 ? (
        <Text dimColor={colors}>
          {state.finished}/{state.total} judged
        </Text>
      ) : null}
      {state.end !== undefined ? (
        'report' in state.end ? (
          <Box marginTop={1}>
            <Text>{verifySummary(state.end.report, style)}</Text>
          </Box>
        ) : (
          <Text color={colors ? 'red' : undefined}>✗ {state.end.failed}</Text>
        )
      ) : null}
    </>
  );
}

function DoneLine({ item, colors, width }: { item: VerifyDoneItem; colors: boolean; width: number }) {
  switch (item.kind) {
    case 'header':
      return (
        <Box flexDirection="column">
          <ProblemTitle problem={item.start.problem} colors={colors} />
          <Text dimColor={colors}>
            {item.start.format} · {plural(item.start.tests, 'test')}
          </Text>
        </Box>
      );
    case 'note':
      return <Text dimColor={colors}>{item.text}</Text>;
    case 'outcome':
      return <Text>{outcomeLines(item.outcome, width, createStyle(colors)).join('\n')}</Text>;
  }
}
