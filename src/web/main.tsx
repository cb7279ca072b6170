/**
 * src/web: the web page of `sonocode serve` (the api role serves it at `/`), built by Vite into
 * dist/web. It knows the server only through src/protocol (the API's and the WebSocket's shapes)
 * and the client's pure parts (JudgeEventReplay, SonocodeApiError); nothing of Node, the server or
 * the sandbox (src/architecture.test.ts).
 *
 *   App.tsx       header, session, WebSocket, pages by address (router.ts)
 *   api.ts        the HTTP calls          live.ts      the WebSocket
 *   judging.ts    a submission's rows     follow.ts    following a run or a submission to its end
 *   markdown.ts   sanitised statements    drafts.ts    drafts per problem and language
 *   pages/        problem list, problem (editor, Run, Submit), submissions, sign-in, admin
 *   components/   editor (CodeMirror 6), verdicts, test table, output diff
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
