/** The first line of every live view: the problem's title and slug. */
import { Text } from 'ink';

export function ProblemTitle({ problem, colors }: { problem: { title: string; slug: string }; colors: boolean }) {
  return (
    <Text bold={colors}>
      {problem.title} ({problem.slug})
    </Text>
  );
}
