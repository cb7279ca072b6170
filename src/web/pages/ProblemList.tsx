/** The problem list: title, difficulty, and the signed-in user's status on each (solved, tried). */
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';

const STATUS_TEXT = { solved: '✓ solved', tried: '• tried' } as const;

export function ProblemList() {
  const { api, identity } = useSession();
  const [problems] = useLoad(() => api.problems(), [api]);
  if (problems.state === 'loading') return <p className="muted">Loading problems…</p>;
  if (problems.state === 'failed') return <p className="error">{problems.error}</p>;
  return (
    <section>
      <h1>Problems</h1>
      {identity === null && (
        <p className="muted">
          <a href={href({ page: 'signin' })}>Sign in</a> with your token to submit and to see which problems you solved.
        </p>
      )}
      {problems.value.length === 0 ? (
        <p className="muted">No problems yet{identity?.kind === 'admin' ? ': import one in the admin view.' : '.'}</p>
      ) : (
        <table className="problems" aria-label="problems">
          <thead>
            <tr>
              <th>status</th>
              <th>title</th>
              <th>difficulty</th>
              <th className="narrow-hide">tests</th>
            </tr>
          </thead>
          <tbody>
            {problems.value.map((problem) => (
              <tr key={problem.id} data-problem={problem.slug} data-status={problem.status ?? 'none'}>
                <td className={`status status-${problem.status ?? 'none'}`}>{problem.status ? STATUS_TEXT[problem.status] : ''}</td>
                <td>
                  <a href={href({ page: 'problem', slug: problem.slug })}>{problem.title}</a>
                </td>
                <td>{problem.difficulty ? <span className={`difficulty difficulty-${problem.difficulty}`}>{problem.difficulty}</span> : ''}</td>
                <td className="narrow-hide">{problem.testCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
