/**
 * Following a submission or a run until it is done: live over the WebSocket, and by asking the
 * API now and then while the socket is not there (or has said nothing for a while), so that the
 * page always ends with the final state.
 */
import { useEffect } from 'react';
import type { RunView, SubmissionView } from '../protocol/index.js';
import type { Api } from './api.js';
import { JudgingFollower, snapshotOf, type Judging } from './judging.js';
import type { LiveSocket } from './live.js';

/** How long the page waits on a silent socket before asking the API, in milliseconds. */
const QUIET_MS = 2000;

function poller(ask: () => Promise<boolean>): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    const done = await ask().catch(() => false);
    if (!done && !stopped) timer = setTimeout(tick, QUIET_MS);
  };
  timer = setTimeout(tick, QUIET_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function useFollowRun(run: RunView | null, live: LiveSocket | null, api: Api, setRun: (update: (old: RunView | null) => RunView | null) => void): void {
  const id = run?.id;
  const done = run?.status === 'done';
  useEffect(() => {
    if (!id || done) return;
    // a newer view wins; an older one (a late message, a slow answer) is dropped
    const take = (view: RunView) => setRun((old) => (old && old.id === view.id && old.version >= view.version ? old : view));
    const unfollow = live?.followRun(id, take) ?? (() => {});
    const stopPolling = poller(async () => {
      const view = await api.run(id);
      take(view);
      return view.status === 'done';
    });
    return () => {
      unfollow();
      stopPolling();
    };
  }, [id, done, live, api, setRun]);
}

/**
 * Follows a submission into {@link Judging} states (`onChange`), from its stored state (`initial`,
 * when known) on. Returns nothing: the caller keeps what it is handed.
 */
export function useFollowSubmission(
  submission: { id: string; language: string; tests: readonly { name: string; sample: boolean }[]; initial?: SubmissionView } | null,
  live: LiveSocket | null,
  api: Api,
  onChange: (id: string, state: Judging) => void,
): void {
  const id = submission?.id;
  useEffect(() => {
    if (!submission || !id) return;
    const follower = new JudgingFollower(id, submission.tests, submission.language, (state) => onChange(id, state));
    if (submission.initial) follower.accept(snapshotOf(submission.initial));
    onChange(id, follower.current);
    if (follower.current.status === 'done') return;
    const unfollow = live?.followSubmission(id, (message) => follower.accept(message)) ?? (() => {});
    const stopPolling = poller(async () => {
      if (live?.current === 'ready' && follower.current.status !== 'pending') return false;
      follower.accept(snapshotOf(await api.submission(id)));
      return follower.current.status === 'done';
    });
    return () => {
      unfollow();
      stopPolling();
    };
    // the submission's identity decides; its other fields come with it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, live, api]);
}
