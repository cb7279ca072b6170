/**
 * A problem: its statement (sanitised Markdown), limits and samples beside an editor with the
 * problem's starter code, a language picker and the user's drafts; Run (on the samples, or on
 * input the user types) and Submit (Ctrl/Cmd+Enter), each followed live until its result.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ProblemView, RunView } from '../../protocol/index.js';
import { errorText } from '../api.js';
import { Editor } from '../components/Editor.js';
import { forgetDraft, lastLanguage, loadDraft, rememberLanguage, saveDraft } from '../drafts.js';
import { useFollowRun, useFollowSubmission } from '../follow.js';
import { startJudging, type Judging } from '../judging.js';
import { EMPTY_PROGRAMS, PAGE_LANGUAGES } from '../languages.js';
import { useLive } from '../live-context.js';
import { statementHtml } from '../markdown.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { JudgingView } from './JudgingView.js';
import { MySubmissions } from './MySubmissions.js';
import { RunResult } from './RunResult.js';

/** The code a problem starts from in a language: its stub's user part, else an empty program. */
export function starterCode(problem: ProblemView, language: string): string {
  return problem.codeStubs.find((stub) => stub.language === language)?.userSnippet ?? EMPTY_PROGRAMS[language] ?? '';
}

export function ProblemPage({ slug }: { slug: string }) {
  const { api } = useSession();
  const [problem] = useLoad(() => api.problem(slug), [api, slug]);
  if (problem.state === 'loading') return <p className="muted">Loading the problem…</p>;
  if (problem.state === 'failed') return <p className="error">{problem.error}</p>;
  return <Workspace problem={problem.value} />;
}

function Statement({ problem }: { problem: ProblemView }) {
  const html = useMemo(() => statementHtml(problem.description), [problem.description]);
  const samples = problem.testCases.filter((test) => test.sample);
  return (
    <article className="statement-pane">
      <h1>{problem.title}</h1>
      <p className="limits">
        {problem.difficulty && <span className={`difficulty difficulty-${problem.difficulty}`}>{problem.difficulty}</span>}
        {problem.interactor && <span title="your program talks with the judge's program: flush after each line">interactive</span>}
        <span>time {problem.limits.timeLimitMs} ms</span>
        <span>memory {problem.limits.memoryLimitMb} MB</span>
        <span>
          {problem.testCount} tests ({problem.hiddenTestCount} hidden)
        </span>
      </p>
      <div className="statement" data-testid="statement" dangerouslySetInnerHTML={{ __html: html }} />
      {samples.length > 0 && <h2>Samples</h2>}
      {samples.map((sample) => (
        <div key={sample.name} className="io-grid sample" data-sample={sample.name}>
          <div className="io">
            <div className="io-label">{sample.name}: input</div>
            <pre>{sample.input}</pre>
          </div>
          <div className="io">
            <div className="io-label">output</div>
            <pre>{sample.output}</pre>
          </div>
        </div>
      ))}
    </article>
  );
}

/** The editor's text: the user's draft for the problem and language, else the starter code; every edit kept. */
function useDraftedCode(problem: ProblemView, owner: string) {
  const [language, setLanguage] = useState(() => lastLanguage(owner, problem.id) ?? problem.codeStubs[0]?.language ?? 'cpp');
  const [code, setCode] = useState(() => loadDraft(owner, problem.id, language) ?? starterCode(problem, language));
  const edit = useCallback(
    (text: string) => {
      setCode(text);
      saveDraft(owner, problem.id, language, text);
    },
    [owner, problem.id, language],
  );
  const switchLanguage = (next: string) => {
    setLanguage(next);
    rememberLanguage(owner, problem.id, next);
    setCode(loadDraft(owner, problem.id, next) ?? starterCode(problem, next));
  };
  const reset = () => {
    forgetDraft(owner, problem.id, language);
    setCode(starterCode(problem, language));
  };
  return { language, code, edit, switchLanguage, reset };
}

/** The language picker (languages without starter code said so) and Reset. */
function Toolbar({ language, stubLanguages, onLanguage, onReset }: { language: string; stubLanguages: string[]; onLanguage: (id: string) => void; onReset: () => void }) {
  return (
    <div className="toolbar">
      <label>
        Language{' '}
        <select aria-label="language" value={language} onChange={(event) => onLanguage(event.target.value)}>
          {PAGE_LANGUAGES.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
              {stubLanguages.length > 0 && !stubLanguages.includes(item.id) ? ' (no starter code)' : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="link" onClick={onReset} title="forget the draft and start again from the starter code">
        Reset
      </button>
    </div>
  );
}

/** Run and Submit, or why they cannot be pressed. */
function Actions({ busy, onRun, onSubmit }: { busy: 'run' | 'submit' | null; onRun: () => void; onSubmit: () => void }) {
  const { identity } = useSession();
  if (identity?.kind !== 'user') {
    return (
      <div className="actions">
        <span className="muted">
          {identity?.kind === 'admin' ? 'The admin token cannot run or submit: sign in as a user.' : <a href={href({ page: 'signin' })}>Sign in to run and submit.</a>}
        </span>
      </div>
    );
  }
  return (
    <div className="actions">
      <button type="button" onClick={onRun} disabled={busy !== null}>
        {busy === 'run' ? 'Running…' : 'Run'}
      </button>
      <button type="button" className="primary" onClick={onSubmit} disabled={busy !== null} title="Ctrl+Enter / ⌘+Enter">
        {busy === 'submit' ? 'Submitting…' : 'Submit'}
      </button>
      <span className="muted hint">Ctrl/⌘+Enter submits</span>
    </div>
  );
}

/** The last run and the last submission, a tab each. */
function Results({
  run,
  interactive,
  judging,
  tab,
  setTab,
}: {
  run: RunView | null;
  interactive: boolean;
  judging: { id: string; state: Judging } | null;
  tab: 'run' | 'submission';
  setTab: (tab: 'run' | 'submission') => void;
}) {
  if (!run && !judging) return null;
  return (
    <div className="results">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'run'} onClick={() => setTab('run')} disabled={!run}>
          Run result
        </button>
        <button type="button" role="tab" aria-selected={tab === 'submission'} onClick={() => setTab('submission')} disabled={!judging}>
          Submission
        </button>
      </div>
      {tab === 'run' && run && <RunResult run={run} interactive={interactive} />}
      {tab === 'submission' && judging && <JudgingView judging={judging.state} id={judging.id} />}
    </div>
  );
}

function Workspace({ problem }: { problem: ProblemView }) {
  const { api, identity } = useSession();
  const live = useLive();
  const stubLanguages = problem.codeStubs.map((stub) => stub.language);
  const owner = identity?.kind === 'user' ? identity.id : (identity?.kind ?? 'visitor');
  const { language, code, edit, switchLanguage, reset } = useDraftedCode(problem, owner);
  const [useInput, setUseInput] = useState(false);
  const [input, setInput] = useState(() => problem.testCases.find((test) => test.sample)?.input ?? '');
  const [run, setRun] = useState<RunView | null>(null);
  const [submission, setSubmission] = useState<{ id: string; language: string } | null>(null);
  const [judging, setJudging] = useState<{ id: string; state: Judging } | null>(null);
  const [busy, setBusy] = useState<'run' | 'submit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<'run' | 'submission'>('run');
  const [submissionsRound, setSubmissionsRound] = useState(0);
  const canJudge = identity?.kind === 'user';

  useFollowRun(run, live, api, setRun);
  const follow = useMemo(
    () => (submission ? { id: submission.id, language: submission.language, tests: problem.testNames } : null),
    [submission, problem.testNames],
  );
  const onJudging = useCallback((id: string, state: Judging) => {
    setJudging({ id, state });
    if (state.status === 'done') setSubmissionsRound((n) => n + 1);
  }, []);
  useFollowSubmission(follow, live, api, onJudging);

  /** Does `work` as the one thing under way (Run or Submit), showing its tab and any error. */
  const act = async (kind: 'run' | 'submit', work: () => Promise<void>) => {
    if (!canJudge || busy) return;
    setBusy(kind);
    setError(null);
    setTab(kind === 'run' ? 'run' : 'submission');
    try {
      await work();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(null);
    }
  };
  const startRun = () =>
    act('run', async () => {
      setRun(await api.startRun({ problemId: problem.id, language, code, ...(useInput ? { input } : {}) }));
    });
  const submit = () =>
    act('submit', async () => {
      const accepted = await api.submit({ problemId: problem.id, language, code });
      // shown at once as pending, every test waiting; the follower takes it from there
      setJudging({ id: accepted.id, state: startJudging(problem.testNames) });
      setSubmission({ id: accepted.id, language });
      setSubmissionsRound((n) => n + 1);
    });

  // Ctrl/Cmd+Enter submits from anywhere on the page (the editor has its own binding too)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="workspace">
      <Statement problem={problem} />
      <section className="code-pane" aria-label="code">
        <Toolbar language={language} stubLanguages={stubLanguages} onLanguage={switchLanguage} onReset={reset} />
        <Editor value={code} language={language} onChange={edit} onSubmit={() => void submit()} label="code editor" />
        <label className="custom-input-toggle">
          <input type="checkbox" checked={useInput} onChange={(event) => setUseInput(event.target.checked)} /> Run on my own input
        </label>
        {useInput && <textarea aria-label="custom input" className="custom-input" value={input} onChange={(event) => setInput(event.target.value)} rows={4} spellCheck={false} />}
        <Actions busy={busy} onRun={() => void startRun()} onSubmit={() => void submit()} />
        {error && (
          <pre className="error" role="alert">
            {error}
          </pre>
        )}
        <Results run={run} interactive={problem.interactor !== undefined} judging={judging} tab={tab} setTab={setTab} />
        {canJudge && <MySubmissions problemId={problem.id} round={submissionsRound} />}
      </section>
    </div>
  );
}
