/**
 * The web page in a real browser (Debian's Chromium driven by playwright-core) against a real
 * `sonocode serve` on loopback — the built CLI, every role in one process, SQLite, the Docker
 * sandbox: the admin imports a function problem (YAML) and a package (zip) through the page,
 * edits one and deletes the other; a user signs in,
 * sees the starter code, runs it on the samples and sees the diff, submits a wrong then a right
 * solution and watches the rows arrive live to the final verdicts; drafts survive a reload; a
 * second user cannot see the first one's code; the statement's `<script>` never runs; the problem
 * page fits a phone. Each page is saved as a screenshot in test-results/web/ (WEB_SCREENSHOTS to
 * choose another folder). Needs `npm run build` (npm test does it) and /usr/bin/chromium
 * (scripts/ensure-packages.sh installs it).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/sonocode.js');
const CHROMIUM = '/usr/bin/chromium';
const ADMIN = 'web-e2e-admin-token-0123456789abcdef';
const SCREENSHOTS = process.env.WEB_SCREENSHOTS ?? join(ROOT, 'test-results/web');
const HIDDEN_INPUT = '123456 654321';
const HIDDEN_OUTPUT = '777777';

/** A function problem (Python stub) whose statement tries to run code three ways. */
const PROBLEM_YAML = `title: Add Two
difficulty: easy
description: |
  Complete \`add(a, b)\`: return the sum of the two integers.

  <script>window.__pwned = 'script'</script>
  <img src="x" onerror="window.__pwned = 'onerror'">
  [a link](javascript:window.__pwned='link')

  The code around it reads \`a b\` and prints the sum.
testCases:
  - {name: sample-1, sample: true, input: "1 2\\n", output: "3\\n"}
  - {name: sample-2, sample: true, input: "10 -4\\n", output: "6\\n"}
  - {name: big, input: "${HIDDEN_INPUT}\\n", output: "${HIDDEN_OUTPUT}\\n"}
codeStubs:
  - language: python
    startSnippet: ""
    userSnippet: |
      def add(a, b):
          # return the sum of a and b
          pass
    endSnippet: |

      a, b = map(int, input().split())
      print(add(a, b))
`;

const WRONG = 'def add(a, b):\n    return a - b\n';
const RIGHT = 'def add(a, b):\n    return a + b\n';

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SONOCODE_')) env[key] = value;
  return { ...env, NO_COLOR: '1' };
}

async function api<T>(base: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const describeBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

describeBrowser('the web page in Chromium (against sonocode serve)', () => {
  const work = mkdtempSync(join(tmpdir(), 'sonocode-e2e-web-'));
  let server: ChildProcess;
  let base = '';
  let ann: { id: string; token: string };
  let bob: { id: string; token: string };
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  /** Ann's submissions, by verdict. */
  const submitted: Record<string, string> = {};

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const go = async (hash: string) => {
    await page.goto(`${base}/${hash}`);
  };
  const signIn = async (token: string) => {
    await go('#/signin');
    await page.getByLabel('token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('header .who button', { hasText: 'Sign out' }).waitFor();
  };
  const signOut = async () => {
    await page.locator('header .who button', { hasText: 'Sign out' }).click();
    await page.locator('header .who a', { hasText: 'Sign in' }).waitFor();
  };
  /** Replaces the editor's text as typed input (no auto-closed brackets, no auto-indent). */
  const typeCode = async (code: string) => {
    await page.locator('.cm-content').first().click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(code);
  };
  const editorText = () => page.locator('.cm-content').first().innerText();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(work, 'sonocode.db'), '--admin-token', ADMIN, '--log-level', 'warn'], {
      cwd: work,
      env: environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sonocode serve did not start:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      server.stdout!.on('data', read);
      server.stderr!.on('data', read);
      server.once('exit', (code) => reject(new Error(`sonocode serve exited (${code}):\n${output}`)));
    });
    ann = await api(base, '/api/v1/users', ADMIN, { name: 'ann' });
    bob = await api(base, '/api/v1/users', ADMIN, { name: 'bob' });
    const profile = mkdtempSync(join(work, 'chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1360, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    // what the browser complains of: errors in its console and script errors
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // anything the page asks of an address other than the server's is a failure
    await context.route(
      (url) => !url.href.startsWith(base) && !url.href.startsWith(base.replace(/^http/, 'ws')) && url.protocol !== 'data:',
      (route) => route.abort(),
    );
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('lets the admin import a problem file through the page, and edit its metadata', async () => {
    await signIn(ADMIN);
    // signing in as the admin asks nothing the server refuses (no 403 in the console)
    expect(consoleErrors).toEqual([]);
    expect(page.url()).toContain('#/admin');
    const file = join(work, 'add-two.yaml');
    writeFileSync(file, PROBLEM_YAML);
    await page.getByLabel('problem file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Imported Add Two (add-two, 3 tests)');
    await shot('admin');

    await page.locator('tr[data-problem="add-two"] a', { hasText: 'Edit' }).click();
    await page.getByLabel('difficulty').selectOption('medium');
    await page.getByLabel('time limit').fill('3000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await shot('admin-edit');
    const stored = await api<{ difficulty: string; limits: { timeLimitMs: number }; testCount: number }>(base, '/api/v1/problems/add-two', ADMIN);
    expect(stored).toMatchObject({ difficulty: 'medium', limits: { timeLimitMs: 3000 }, testCount: 3 });
    await signOut();
  });

  it('lets the admin import a package as a zip, and delete a problem', async () => {
    await signIn(ADMIN);
    const zip = join(work, 'a-plus-b.zip');
    // the sample problem's folder, zipped by Python's zipfile (as a problem setter would zip it)
    execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-c', zip, join(ROOT, 'problems/a-plus-b')]);
    await page.getByLabel('problem file').setInputFiles(zip);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Imported A + B (a-plus-b');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('tr[data-problem="a-plus-b"] button', { hasText: 'Delete' }).click();
    await expect.poll(() => page.locator('tr[data-problem="a-plus-b"]').count()).toBe(0);
    expect((await fetch(`${base}/api/v1/problems/a-plus-b`)).status).toBe(404);
    await signOut();
  });

  it('shows a user the problem list, then the statement without running its script, the limits and the starter code', async () => {
    await signIn(ann.token);
    await go('#/');
    await page.locator('tr[data-problem="add-two"]').waitFor();
    await shot('problems');
    await page.getByRole('link', { name: 'Add Two' }).click();
    await page.getByTestId('statement').waitFor();
    await expect.poll(editorText).toContain('def add(a, b):');
    expect(await editorText()).toContain('# return the sum of a and b');
    expect(await page.getByLabel('language').inputValue()).toBe('python');
    expect(await page.locator('.limits').innerText()).toMatch(/time 3000 ms.*memory 256 MB/s);
    // the statement is there, but none of its ways to run code got through
    expect(await page.getByTestId('statement').innerText()).toContain('return the sum of the two integers');
    expect(await page.locator('.statement script, .statement [onerror]').count()).toBe(0);
    expect(await page.locator('.statement a[href^="javascript:"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // the samples are shown; the hidden test's data is not
    const text = await page.locator('body').innerText();
    expect(text).toContain('10 -4');
    expect(text).not.toContain(HIDDEN_INPUT);
    expect(text).not.toContain(HIDDEN_OUTPUT);
    // Enter after the starter's `def …:` indents as the starter does (4 spaces), so its `pass` still lines up
    await page.locator('.cm-line', { hasText: 'def add(a, b):' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('x = 1');
    await expect.poll(editorText).toContain('def add(a, b):\n    x = 1\n    # return the sum of a and b');
  });

  it('runs the code on the samples and shows the expected output, the output and the diff', async () => {
    await typeCode(WRONG);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const run = page.locator('.run[data-run-status="done"]');
    await run.waitFor({ timeout: 90_000 });
    expect(await run.locator('.run-head').innerText()).toContain('Wrong Answer (WA)');
    const first = run.locator('[data-sample="sample-1"]');
    expect(await first.getAttribute('data-verdict')).toBe('WA');
    expect((await first.getByLabel('expected output').innerText()).trim()).toBe('3');
    expect((await first.getByLabel('your output').innerText()).trim()).toBe('-1');
    const diff = await first.getByLabel('diff').innerText();
    expect(diff).toContain('− 3');
    expect(diff).toContain('+ -1');
    await shot('problem-run');
    // on an input of the user's own, what it wrote is shown, unchecked: not called Accepted
    await page.getByLabel('Run on my own input').check();
    await page.getByLabel('custom input').fill('5 6\n');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const own = page.locator('.run[data-run-status="done"] .custom-output');
    await own.waitFor({ timeout: 90_000 });
    expect((await own.getByLabel('your output').innerText()).trim()).toBe('-1');
    const head = await page.locator('.run[data-run-status="done"] .run-head').innerText();
    expect(head).toContain('ran (the output is not checked)');
    expect(head).not.toContain('Accepted');
    await page.getByLabel('Run on my own input').uncheck();
    // a run is not a submission
    expect(await api<unknown[]>(base, '/api/v1/submissions', ann.token)).toEqual([]);
  });

  it('submits with Ctrl+Enter: pending at once, then the rows live, then the final verdict (a wrong, then a right solution)', async () => {
    // every state the result panel shows, as it shows it
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as { __seen?: string[] }).__seen = seen;
      const record = () => {
        const panel = document.querySelector('[aria-label="submission result"]');
        if (!panel) return;
        const rows = [...panel.querySelectorAll('tr[data-test]')].map((row) => `${row.getAttribute('data-test')}=${row.getAttribute('data-state')}`);
        const state = `${panel.getAttribute('data-submission')} ${panel.getAttribute('data-status')} ${rows.join(' ')}`;
        if (seen.at(-1) !== state) seen.push(state);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const judged = async (verdict: string, after?: string) => {
      const panel = page.locator(`[aria-label="submission result"][data-status="done"]${after ? `:not([data-submission="${after}"])` : ''}`);
      await panel.waitFor({ timeout: 120_000 });
      expect(await panel.locator('.judging-head').innerText()).toContain(`(${verdict})`);
      const id = (await panel.getAttribute('data-submission'))!;
      submitted[verdict] = id;
      // this submission's states, without its id
      const seen = await page.evaluate(() => (window as { __seen?: string[] }).__seen!.splice(0));
      return seen.filter((state) => state.startsWith(`${id} `)).map((state) => state.slice(id.length + 1));
    };

    await page.locator('.cm-content').first().click();
    await page.keyboard.press('ControlOrMeta+Enter');
    const wrong = await judged('WA');
    expect(wrong[0]).toMatch(/^pending /);
    expect(wrong.some((state) => /^(compiling|running) /.test(state))).toBe(true);
    expect(wrong.at(-1)).toBe('done sample-1=done sample-2=skipped big=skipped');
    // why the sample failed, under its row, as `sonocode submit` says it
    expect(await page.locator('[aria-label="submission result"] tr[data-message-of="sample-1"]').innerText()).toMatch(/expected .*, got /);

    await typeCode(RIGHT);
    await page.getByRole('button', { name: 'Submit' }).click();
    const right = await judged('AC', submitted.WA);
    expect(right[0]).toMatch(/^pending /);
    // rows fill in one at a time: a state where the first test is done and the last one is not
    expect(right.some((state) => /sample-1=done .*big=(waiting|running)/.test(state))).toBe(true);
    expect(right.at(-1)).toBe('done sample-1=done sample-2=done big=done');
    const hidden = page.locator('[aria-label="submission result"] tr[data-test="big"]');
    expect(await hidden.innerText()).toMatch(/hidden\s+AC\s+\d+ ms\s+[\d.]+ (KB|MB)/);
    expect(await page.locator('body').innerText()).not.toContain(HIDDEN_OUTPUT);
    await shot('problem-submitted');
  });

  it('keeps the draft across a reload and lists the submissions with their verdicts', async () => {
    await page.reload();
    await expect.poll(editorText).toContain('return a + b');
    const mine = page.getByRole('table', { name: 'my submissions' });
    await expect.poll(() => mine.locator('tbody tr').count()).toBe(2);
    expect(await mine.innerText()).toMatch(/AC[\s\S]*WA/);

    await go('#/submissions');
    await page.getByRole('table', { name: 'my submissions' }).waitFor();
    await shot('submissions');
    await page.locator(`tr[data-submission="${submitted.WA}"] a`).first().click();
    await page.locator('[aria-label="submission result"][data-status="done"]').waitFor();
    expect(await page.locator('.cm-content').first().innerText()).toContain('return a - b');
    await shot('submission');

    await go('#/');
    await expect.poll(() => page.locator('tr[data-problem="add-two"]').getAttribute('data-status')).toBe('solved');
  });

  it("does not show one user's code to another", async () => {
    await signOut();
    await signIn(bob.token);
    await go(`#/submissions/${submitted.AC}`);
    await page.locator('main .error').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/no submission/);
    expect(text).not.toContain('return a + b');
    await go('#/submissions');
    await page.getByText('None yet.').waitFor();
    await shot('other-user');
    // nor the first user's draft, on the same browser: the second one starts from the starter code
    await go('#/problems/add-two');
    await expect.poll(editorText).toContain('# return the sum of a and b');
    expect(await editorText()).not.toContain('return a + b');
  });

  it('imports an interactive problem as a zip, keeps its interactor through an edit, and plays Run and Submit with it', async () => {
    await signOut();
    await signIn(ADMIN);
    const zip = join(work, 'guess-the-number.zip');
    execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-c', zip, join(ROOT, 'problems/guess-the-number')]);
    await page.getByLabel('problem file').setInputFiles(zip);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Imported Guess the Number (guess-the-number');
    await page.locator('tr[data-problem="guess-the-number"] a', { hasText: 'Edit' }).click();
    await page.getByLabel('time limit').fill('2000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const stored = await api<{ limits: { timeLimitMs: number }; interactor?: { language: string; files?: unknown[] } }>(base, '/api/v1/problems/guess-the-number', ADMIN);
    expect(stored.limits.timeLimitMs).toBe(2000);
    expect(stored.interactor).toMatchObject({ language: 'cpp', files: [expect.objectContaining({ path: 'interactor.cpp' })] });
    await signOut();

    await signIn(bob.token);
    await go('#/problems/guess-the-number');
    await page.getByTestId('statement').waitFor();
    expect(await page.locator('.limits').innerText()).toContain('interactive');
    await page.getByLabel('language').selectOption('python');
    await typeCode(readFileSync(join(ROOT, 'problems/guess-the-number/submissions/accepted/solution.py'), 'utf8'));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const run = page.locator('.run[data-run-status="done"]');
    await run.waitFor({ timeout: 90_000 });
    expect(await run.locator('.run-head').innerText()).toContain('Accepted (AC)');
    const sample = run.locator('[data-sample="sample-1"]');
    // an accepted sample is folded: its text is there, not shown
    expect(await sample.getByLabel("the exchange (> yours, < the interactor's)").textContent()).toMatch(/^> 500000\n< lower\n/);
    // an exchange is no output to diff
    expect(await sample.getByLabel('diff').count()).toBe(0);
    await shot('interactive-run');

    await page.getByRole('button', { name: 'Submit' }).click();
    const panel = page.locator('[aria-label="submission result"][data-status="done"]');
    await panel.waitFor({ timeout: 120_000 });
    expect(await panel.locator('.judging-head').innerText()).toContain('(AC)');
  });

  it('fits a phone-sized screen, and never let the statement run code', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await go('#/problems/add-two');
    await page.getByTestId('statement').waitFor();
    await expect.poll(editorText).toContain('def add(a, b):');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('problem-phone');
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
});
