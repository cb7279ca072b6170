/**
 * The admin's view: import a problem (a YAML file, or a package as a zip), and edit or delete the
 * problems there are. Needs the admin token.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { Imported } from '../../protocol/index.js';
import { errorText } from '../api.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../useLoad.js';

/** Import a problem file: what was imported (and what did not carry over), or what is wrong with it. */
function ImportForm({ onImported }: { onImported: () => void }) {
  const { api } = useSession();
  const file = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<Imported | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) return;
    setBusy(true);
    setError(null);
    setImported(null);
    try {
      setImported(await api.importProblem(chosen, replace));
      if (file.current) file.current.value = '';
      onImported();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2>Import a problem</h2>
      <form className="import" onSubmit={(event) => void upload(event)}>
        <input ref={file} type="file" aria-label="problem file" accept=".yaml,.yml,.zip" required />
        <label>
          <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} /> replace a problem with the same slug
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      <p className="muted">A native problem as a YAML file (tests inline), or a zip of a problem folder or an ICPC/Kattis package.</p>
      {imported && (
        <div className="notice" role="status">
          Imported <a href={href({ page: 'problem', slug: imported.problem.slug })}>{imported.problem.title}</a> ({imported.problem.slug}, {imported.problem.testCount} tests).
          {imported.warnings.length > 0 && (
            <ul>
              {imported.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <pre className="error" role="alert">
          {error}
        </pre>
      )}
    </>
  );
}

export function Admin() {
  const { api, identity } = useSession();
  const [problems, reload] = useLoad(() => api.problems(), [api]);
  const [error, setError] = useState<string | null>(null);

  if (identity?.kind !== 'admin') {
    return (
      <p className="error">
        The admin view needs the admin token: <a href={href({ page: 'signin' })}>sign in</a> with it.
      </p>
    );
  }

  const remove = async (id: string, title: string) => {
    if (!window.confirm(`Delete "${title}"? Its submissions stay, without their problem.`)) return;
    try {
      await api.deleteProblem(id);
      reload();
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <section className="admin">
      <h1>Admin</h1>
      <ImportForm onImported={reload} />
      {error && (
        <pre className="error" role="alert">
          {error}
        </pre>
      )}
      <h2>Problems</h2>
      {problems.state === 'ready' ? (
        <table aria-label="admin problems">
          <thead>
            <tr>
              <th>slug</th>
              <th>title</th>
              <th>tests</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {problems.value.map((problem) => (
              <tr key={problem.id} data-problem={problem.slug}>
                <td>{problem.slug}</td>
                <td>
                  <a href={href({ page: 'problem', slug: problem.slug })}>{problem.title}</a>
                </td>
                <td>
                  {problem.testCount} ({problem.sampleCount} sample{problem.sampleCount === 1 ? '' : 's'})
                </td>
                <td className="row-actions">
                  <a href={href({ page: 'admin-problem', slug: problem.slug })}>Edit</a>
                  <button type="button" className="link danger" onClick={() => void remove(problem.id, problem.title)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className={problems.state === 'failed' ? 'error' : 'muted'}>{problems.state === 'failed' ? problems.error : 'Loading…'}</p>
      )}
    </section>
  );
}
