/**
 * Hosts a live terminal view (ink + React): a pure reducer turns each event into the next state,
 * which is drawn again; the last frame stays when the work ends and ink is unmounted so the
 * process can exit. `submit` and `verify` are two views over this one host.
 */
import type { ReactElement } from 'react';
import { render, type Instance } from 'ink';
import type { Io } from '../context.js';

export interface LiveView<Start, Event, Outcome, State> {
  initial(start: Start): State;
  reduce(state: State, event: Event): State;
  settle(state: State, outcome: Outcome): State;
  View(props: { state: State; colors: boolean }): ReactElement;
}

export interface LiveReporter<Start, Event, Outcome> {
  begin(start: Start): void;
  onEvent(event: Event): void;
  end(outcome: Outcome): Promise<void>;
}

export function createLiveReporter<Start, Event, Outcome, State>(
  io: Io,
  colors: boolean,
  view: LiveView<Start, Event, Outcome, State>,
): LiveReporter<Start, Event, Outcome> {
  let state: State | undefined;
  let instance: Instance | undefined;
  let ended = false;
  const { View } = view;

  const draw = () => {
    if (state === undefined) return;
    const frame = <View state={state} colors={colors} />;
    if (instance) instance.rerender(frame);
    else {
      instance = render(frame, {
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
      state = view.initial(start);
      draw();
    },
    onEvent(event) {
      if (state === undefined || ended) return;
      state = view.reduce(state, event);
      draw();
    },
    async end(outcome) {
      if (ended) return;
      ended = true;
      if (state === undefined || !instance) return;
      state = view.settle(state, outcome);
      draw();
      instance.unmount();
      await instance.waitUntilExit().catch(() => {});
    },
  };
}
