/** Sign in with a token: a user's (from the admin: `sonocode users create`) or the admin's. */
import { useState, type FormEvent } from 'react';
import { errorText } from '../api.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';

export function SignIn() {
  const { signIn } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const identity = await signIn(token.trim());
      navigate(identity.kind === 'admin' ? { page: 'admin' } : { page: 'problems' });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="signin">
      <h1>Sign in</h1>
      <p className="muted">Paste the token you were given (an admin makes one with <code>sonocode users create NAME</code>). It is kept in this browser until you sign out.</p>
      <form onSubmit={(event) => void submit(event)}>
        <input type="password" aria-label="token" placeholder="sono_…" value={token} onChange={(event) => setToken(event.target.value)} autoComplete="current-password" required />
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
      {error && (
        <pre className="error" role="alert">
          {error}
        </pre>
      )}
    </section>
  );
}
