/** The live terminal view (ink + React), fed by the judge's events; unmounted when judging ends. */
import { render, type Instance } from 'ink';
import { initialState, reduce, settle, type ViewState } from '../ui/state.js';
import { JudgeView } from '../ui/JudgeView.js';
import type { Io } from '../context.js';
import type { Reporter } from './types.js';

export function createInkReporter(io: Io, colors: boolean): Reporter {
  let state: ViewState | undefined;
  let instance: Instance | undefined;
  let ended = false;

  const draw = () => {
    if (!state) return;
    const view = <JudgeView state={state} colors={colors} />;
    if (instance) instance.rerender(view);
    else {
      instance = render(view, {
        stdout: io.stdout as NodeJS.WriteStream,
        stderr: io.stderr as NodeJS.WriteStream,
        stdin: io.stdin as NodeJS.ReadStream,
        // Ctrl-C is the process's business (src/cli/main.ts), and nothing here reads keys
        exitOnCtrlC: false,
        patchConsole: false,
      });
    }
  };

  return {
    begin(start) {
      state = initialState(start);
      draw();
    },
    onEvent(event) {
      if (!state || ended) return;
      state = reduce(state, event);
      draw();
    },
    async end(outcome) {
      if (ended) return;
      ended = true;
      if (!state || !instance) return;
      state = settle(state, outcome);
      draw();
      // The last frame stays on the terminal; unmounting stops the spinner and lets the process exit.
      instance.unmount();
      await instance.waitUntilExit().catch(() => {});
    },
  };
}
