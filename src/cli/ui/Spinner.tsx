import { Text } from 'ink';
import { useEffect, useState } from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A braille spinner; its timer stops when it unmounts, so it never keeps the process alive. */
export function Spinner({ colors }: { colors: boolean }) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((current) => (current + 1) % FRAMES.length), 80);
    return () => clearInterval(timer);
  }, []);
  return <Text color={colors ? 'cyan' : undefined}>{FRAMES[frame]}</Text>;
}
