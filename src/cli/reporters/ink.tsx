/** The live terminal view of `submit` (ink + React), fed by the judge's events. */
import { initialState, reduce, settle } from '../ui/state.js';
import { JudgeView } from '../ui/JudgeView.js';
import type { Io } from '../context.js';
import { createLiveReporter } from './live.js';
import type { Reporter } from './types.js';

export function createInkReporter(io: Io, colors: boolean): Reporter {
  return createLiveReporter(io, colors, { initial: initialState, reduce, settle, View: JudgeView });
}
