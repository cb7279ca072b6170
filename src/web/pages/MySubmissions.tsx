/** The signed-in user's submissions (of one problem, or all): verdict, language, when; each opens its page. */
import { Pending, Verdict } from '../components/Verdict.js';
import { formatWhen } from '../format.js';
import { pageLanguage } from '../languages.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';

export function MySubmissions({ problemId, round = 0 }: { problemId?: string; round?: number }) {
  const { api } = useSession();
  const [submissions] = useLoad(() => Promise.all([api.submissions(problemId), problemId ? Promise.resolve([]) : api.problems()]), [api, problemId, round]);
  if (submissions.state === 'loading') return <p className="muted">Loading submissions…</p>;
  if (submissions.state === 'failed') return <p className="error">{submissions.error}</p>;
  const [list, problems] = submissions.value;
  const titles = new Map(problems.map((problem) => [problem.id, { title: problem.title, slug: problem.slug }]));
  return (
    <section className="my-submissions">
      <h2>{problemId ? 'My submissions to this problem' : 'My submissions'}</h2>
      {list.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table aria-label="my submissions">
          <thead>
            <tr>
              <th>when</th>
              {!problemId && <th>problem</th>}
              <th>language</th>
              <th>verdict</th>
            </tr>
          </thead>
          <tbody>
            {list.map((item) => {
              const problem = titles.get(item.problemId);
              return (
                <tr key={item.id} data-submission={item.id}>
                  <td>
                    <a href={href({ page: 'submission', id: item.id })}>{formatWhen(item.createdAt)}</a>
                  </td>
                  {!problemId && <td>{problem ? <a href={href({ page: 'problem', slug: problem.slug })}>{problem.title}</a> : item.problemId}</td>}
                  <td>{pageLanguage(item.language).name}</td>
                  <td>{item.verdict ? <Verdict verdict={item.verdict} /> : <Pending text={item.status} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
