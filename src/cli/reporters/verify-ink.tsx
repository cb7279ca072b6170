/** The live terminal view of `sonocode verify` (ink + React), fed by the verify events. */
import { render, type Instance } from 'ink';
import type { Io } from '../context.js';
import { initialVerifyState, reduceVerify, settleVerify, type VerifyViewState } from '../ui/verify-state.js';
import { VerifyView } from '../ui/VerifyView.js';
import type { VerifyReporter } from './verify.js';

export function createInkVerifyReporter(io: Io, colors: boolean): VerifyReporter {
  let state: VerifyViewState | undefined;
  let instance: Instance | undefined;
  let ended = false;
  const draw = () => {
    if (!state) return;
    const view = <VerifyView state={state} colors={colors} />;
    if (instance) instance.rerender(view);
    else {
      instance = render(view, {
        stdout: io.stdout as NodeJS.WriteStream,
        stderr: io.stderr as NodeJS.WriteStream,
        stdin: io.stdin as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
      });
    }
  };
  return {
    begin(start) {
      state = initialVerifyState(start);
      draw();
    },
    onEvent(event) {
      if (!state || ended) return;
      state = reduceVerify(state, event);
      draw();
    },
    async end(outcome) {
      if (ended) return;
      ended = true;
      if (!state || !instance) return;
      state = settleVerify(state, outcome);
      draw();
      instance.unmount();
      await instance.waitUntilExit().catch(() => {});
    },
  };
}
