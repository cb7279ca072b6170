/**
 * The page's frame: the header (problems, my submissions, admin, who is signed in, sign out), the
 * session (token, identity, API calls), the user's WebSocket, and the page the address names.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiFor } from './api.js';
import { LiveSocket, type LiveState } from './live.js';
import { LiveContext } from './live-context.js';
import { Admin } from './pages/Admin.js';
import { AdminProblem } from './pages/AdminProblem.js';
import { MySubmissions } from './pages/MySubmissions.js';
import { ProblemList } from './pages/ProblemList.js';
import { ProblemPage } from './pages/ProblemPage.js';
import { SignIn } from './pages/SignIn.js';
import { SubmissionDetail } from './pages/SubmissionDetail.js';
import { href, navigate, useRoute, type Route } from './router.js';
import { identify, SessionContext, storedToken, storeToken, type Identity, type Session } from './session.js';

function Page({ route, identity }: { route: Route; identity: Identity | null }) {
  switch (route.page) {
    case 'problems':
      return <ProblemList />;
    case 'problem':
      // a new workspace for another user: drafts are per user
      return <ProblemPage key={`${route.slug}:${identity?.kind === 'user' ? identity.id : (identity?.kind ?? '')}`} slug={route.slug} />;
    case 'submissions':
      return identity?.kind === 'user' ? <MySubmissions /> : <p className="muted"><a href={href({ page: 'signin' })}>Sign in</a> to see your submissions.</p>;
    case 'submission':
      return <SubmissionDetail key={route.id} id={route.id} />;
    case 'signin':
      return <SignIn />;
    case 'admin':
      return <Admin />;
    case 'admin-problem':
      return <AdminProblem key={route.slug} slug={route.slug} />;
    case 'not-found':
      return <p className="error">No page at {route.path}.</p>;
  }
}

/** The links, who is signed in (a dot that is green while live updates flow), and sign-in or sign-out. */
function Header({ identity, liveState, checking, onSignOut }: { identity: Identity | null; liveState: LiveState; checking: boolean; onSignOut: () => void }) {
  return (
    <header className="top">
      <a className="brand" href={href({ page: 'problems' })}>
        sonocode
      </a>
      <nav>
        <a href={href({ page: 'problems' })}>Problems</a>
        {identity?.kind === 'user' && <a href={href({ page: 'submissions' })}>My submissions</a>}
        {identity?.kind === 'admin' && <a href={href({ page: 'admin' })}>Admin</a>}
      </nav>
      <div className="who">
        {identity?.kind === 'user' && (
          <span className="user" data-live={liveState} title={liveState === 'ready' ? 'live updates on' : 'connecting for live updates…'}>
            {identity.name}
          </span>
        )}
        {identity?.kind === 'admin' && <span className="user">admin</span>}
        {identity ? (
          <button type="button" className="link" onClick={onSignOut}>
            Sign out
          </button>
        ) : (
          !checking && <a href={href({ page: 'signin' })}>Sign in</a>
        )}
      </div>
    </header>
  );
}

export function App() {
  const route = useRoute();
  const [token, setToken] = useState<string | null>(() => storedToken());
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [checking, setChecking] = useState(token !== null);
  const [live, setLive] = useState<LiveSocket | null>(null);
  const [liveState, setLiveState] = useState<LiveState>('closed');

  // a token kept from an earlier visit is checked again (it may have been revoked)
  useEffect(() => {
    if (!token) return;
    identify(token).then(
      (who) => {
        setIdentity(who);
        setChecking(false);
      },
      () => {
        storeToken(null);
        setToken(null);
        setChecking(false);
      },
    );
    // only the token kept at load; signIn sets the identity itself
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!token || identity?.kind !== 'user') return;
    const socket = new LiveSocket(token);
    setLive(socket);
    setLiveState(socket.current);
    const stop = socket.onState(setLiveState);
    return () => {
      stop();
      socket.close();
      setLive(null);
    };
  }, [token, identity]);

  const signIn = useCallback(async (candidate: string) => {
    const who = await identify(candidate);
    storeToken(candidate);
    setToken(candidate);
    setIdentity(who);
    return who;
  }, []);
  const signOut = useCallback(() => {
    storeToken(null);
    setToken(null);
    setIdentity(null);
    navigate({ page: 'problems' });
  }, []);
  const session = useMemo<Session>(() => ({ token, identity, api: apiFor(identity ? token : null), signIn, signOut }), [token, identity, signIn, signOut]);

  return (
    <SessionContext.Provider value={session}>
      <LiveContext.Provider value={live}>
        <Header identity={identity} liveState={liveState} checking={checking} onSignOut={signOut} />
        <main>{checking ? <p className="muted">Signing in…</p> : <Page route={route} identity={identity} />}</main>
      </LiveContext.Provider>
    </SessionContext.Provider>
  );
}
