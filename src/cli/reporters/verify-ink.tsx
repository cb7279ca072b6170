/** The live terminal view of `sonocode verify` (ink + React), fed by the verify events. */
import type { Io } from '../context.js';
import { initialVerifyState, reduceVerify, settleVerify } from '../ui/verify-state.js';
import { VerifyView } from '../ui/VerifyView.js';
import { createLiveReporter } from './live.js';
import type { VerifyReporter } from './types.js';

export function createInkVerifyReporter(io: Io, colors: boolean): VerifyReporter {
  return createLiveReporter(io, colors, { initial: initialVerifyState, reduce: reduceVerify, settle: settleVerify, View: VerifyView });
}
