/**
 * Editing a problem's metadata (admin): title, slug, difficulty, statement and limits. The tests,
 * checker, interactor and stubs are kept as they are: the page sends the whole document back (PUT).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ProblemView } from '../../protocol/index.js';
import { errorText, type ProblemDocumentBody } from '../api.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';

type Metadata = Pick<ProblemView, 'title' | 'slug' | 'description' | 'difficulty' | 'limits'>;

/** The problem as the document PUT takes, with the edited metadata. */
export function documentOf(problem: ProblemView, metadata: Metadata): ProblemDocumentBody {
  return {
    title: metadata.title,
    slug: metadata.slug,
    description: metadata.description,
    ...(metadata.difficulty ? { difficulty: metadata.difficulty } : {}),
    limits: metadata.limits,
    // the admin's view carries the checker's and interactor's files, and each test as stored (its
    // own checker and checker arguments too), so they go back unchanged
    checker: problem.checker,
    ...(problem.interactor ? { interactor: problem.interactor } : {}),
    testCases: problem.testCases.map((test) => ({ ...test })),
    codeStubs: problem.codeStubs.map((stub) => ({ language: stub.language, startSnippet: stub.startSnippet ?? '', userSnippet: stub.userSnippet, endSnippet: stub.endSnippet ?? '' })),
    ...(problem.groups ? { groups: problem.groups } : {}),
  };
}

export function AdminProblem({ slug }: { slug: string }) {
  const { api, identity } = useSession();
  const [problem] = useLoad(() => api.problem(slug), [api, slug]);
  const [metadata, setMetadata] = useState<Metadata | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (problem.state === 'ready') {
      const { title, slug: current, description, difficulty, limits } = problem.value;
      setMetadata({ title, slug: current, description, ...(difficulty ? { difficulty } : {}), limits });
    }
  }, [problem]);

  if (identity?.kind !== 'admin') return <p className="error">The admin view needs the admin token.</p>;
  if (problem.state === 'failed') return <p className="error">{problem.error}</p>;
  if (problem.state === 'loading' || !metadata) return <p className="muted">Loading…</p>;

  const set = (change: Partial<Metadata>) => {
    setSaved(false);
    setMetadata({ ...metadata, ...change });
  };
  const setLimit = (key: keyof Metadata['limits'], value: string) => set({ limits: { ...metadata.limits, [key]: Number(value) } });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const updated = await api.replaceProblem(problem.value.id, documentOf(problem.value, metadata));
      setSaved(true);
      if (updated.slug !== slug) navigate({ page: 'admin-problem', slug: updated.slug });
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <section className="admin-problem">
      <h1>
        Edit <a href={href({ page: 'problem', slug: problem.value.slug })}>{problem.value.title}</a>
      </h1>
      <form className="metadata" onSubmit={(event) => void save(event)}>
        <label>
          Title <input aria-label="title" value={metadata.title} onChange={(event) => set({ title: event.target.value })} required />
        </label>
        <label>
          Slug <input aria-label="slug" value={metadata.slug} pattern="[a-z0-9-]+" onChange={(event) => set({ slug: event.target.value })} required />
        </label>
        <label>
          Difficulty{' '}
          <select aria-label="difficulty" value={metadata.difficulty ?? ''} onChange={(event) => set({ difficulty: (event.target.value || undefined) as Metadata['difficulty'] })}>
            <option value="">—</option>
            <option value="easy">easy</option>
            <option value="medium">medium</option>
            <option value="hard">hard</option>
          </select>
        </label>
        <label>
          Time limit (ms) <input aria-label="time limit" type="number" min={1} value={metadata.limits.timeLimitMs} onChange={(event) => setLimit('timeLimitMs', event.target.value)} />
        </label>
        <label>
          Memory limit (MB) <input aria-label="memory limit" type="number" min={1} value={metadata.limits.memoryLimitMb} onChange={(event) => setLimit('memoryLimitMb', event.target.value)} />
        </label>
        <label>
          Output limit (KB) <input aria-label="output limit" type="number" min={1} value={metadata.limits.outputLimitKb} onChange={(event) => setLimit('outputLimitKb', event.target.value)} />
        </label>
        <label className="wide">
          Statement (Markdown)
          <textarea aria-label="statement" rows={14} value={metadata.description} onChange={(event) => set({ description: event.target.value })} />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            Save
          </button>
          {saved && <span role="status">Saved.</span>}
        </div>
      </form>
      {error && (
        <pre className="error" role="alert">
          {error}
        </pre>
      )}
      <p className="muted">
        {problem.value.testCount} tests ({problem.value.hiddenTestCount} hidden), checker {problem.value.checker.type}, starter code for{' '}
        {problem.value.codeStubs.map((stub) => stub.language).join(', ') || 'no language'}: kept as they are.
      </p>
    </section>
  );
}
