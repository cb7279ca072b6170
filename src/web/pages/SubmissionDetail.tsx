/** One submission of the user's: its code (read-only) and its results, followed live while it is judged. */
import { useCallback, useMemo, useState } from 'react';
import { Editor } from '../components/Editor.js';
import { formatWhen } from '../format.js';
import { useFollowSubmission } from '../follow.js';
import type { Judging } from '../judging.js';
import { pageLanguage } from '../languages.js';
import { useLive } from '../live-context.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { JudgingView } from './JudgingView.js';

export function SubmissionDetail({ id }: { id: string }) {
  const { api } = useSession();
  const live = useLive();
  const [loaded] = useLoad(async () => {
    const submission = await api.submission(id);
    const problem = await api.problem(submission.problemId).catch(() => null);
    return { submission, problem };
  }, [api, id]);
  const [judging, setJudging] = useState<Judging | null>(null);
  const follow = useMemo(() => {
    if (loaded.state !== 'ready') return null;
    const { submission, problem } = loaded.value;
    const tests = problem?.testNames ?? submission.result?.tests.map((test) => ({ name: test.name, sample: test.sample ?? false })) ?? [];
    return { id: submission.id, language: submission.language, tests, initial: submission };
  }, [loaded]);
  const onChange = useCallback((_id: string, state: Judging) => setJudging(state), []);
  useFollowSubmission(follow, live, api, onChange);

  if (loaded.state === 'loading') return <p className="muted">Loading the submission…</p>;
  if (loaded.state === 'failed') return <p className="error">{loaded.error}</p>;
  const { submission, problem } = loaded.value;
  return (
    <section className="submission-detail">
      <h1>
        Submission to {problem ? <a href={href({ page: 'problem', slug: problem.slug })}>{problem.title}</a> : submission.problemId}
      </h1>
      <p className="muted">
        {pageLanguage(submission.language).name} · {formatWhen(submission.createdAt)} · {submission.id}
      </p>
      {judging && <JudgingView judging={judging} id={submission.id} />}
      <h2>Code</h2>
      <Editor value={submission.code} language={submission.language} readOnly label="submitted code" />
    </section>
  );
}
