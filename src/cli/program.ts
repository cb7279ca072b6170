/**
 * The commands, their arguments and options, and their help — declarations only (commander@14).
 * Each action just records what was asked; src/cli/run-cli.ts validates it and calls the command.
 */
import { Command, Option } from 'commander';
import type { DoctorArgs } from './commands/doctor.js';
import type { ExportArgs } from './commands/export.js';
import type { ImportArgs } from './commands/import.js';
import type { ListArgs, ShowArgs, StarterArgs } from './commands/problems.js';
import type { RunArgs } from './commands/run.js';
import type { SubmitArgs } from './commands/submit.js';
import type { UsersCreateArgs } from './commands/users.js';
import type { ValidateArgs } from './commands/validate.js';
import type { VerifyArgs } from './commands/verify.js';
import type { WatchArgs } from './commands/watch.js';
import { describeLanguages } from '../judge/languages.js';
import { defaultText, SERVE_SETTINGS, valueName, type Setting } from '../server/settings.js';
import { ENVIRONMENT } from './config.js';

/** Options every command takes. */
export interface GlobalFlags {
  languages?: string;
  /** false for --no-color */
  color: boolean;
  /** `--sandbox docker|native|auto` */
  sandbox?: string;
}

/** Limit flags, still as the user typed them: validated in src/cli/config.ts. */
export interface LimitFlags {
  timeLimitMs?: string;
  memoryLimitMb?: string;
}

/** `--server`, `--socket`, `--token` of a command that talks to a server, as typed: validated in src/cli/config.ts. */
export interface RemoteFlags {
  server?: string;
  socket?: string;
  token?: string;
}

/** What the user asked for. */
export type Invocation =
  | { command: 'submit'; args: SubmitArgs; limits: LimitFlags; remote: RemoteFlags }
  | { command: 'run'; args: RunArgs; limits: LimitFlags; remote: RemoteFlags }
  | { command: 'problems list'; args: ListArgs }
  | { command: 'problems show'; args: ShowArgs }
  | { command: 'problems starter'; args: StarterArgs }
  | { command: 'problems validate'; args: ValidateArgs }
  | { command: 'problems schema' }
  | { command: 'problems import'; args: ImportArgs; remote: RemoteFlags }
  | { command: 'problems export'; args: ExportArgs }
  /** `--jobs`, as typed: validated in src/cli/config.ts with the other flags. */
  | { command: 'verify'; args: VerifyArgs; jobs?: string }
  | { command: 'doctor'; args: DoctorArgs }
  | { command: 'watch'; args: WatchArgs; remote: RemoteFlags }
  | { command: 'users create'; args: UsersCreateArgs; remote: RemoteFlags }
  /** The server's flags as typed, keyed like commander's (`adminToken`); src/server/settings.ts declares them, config.ts validates them. */
  | { command: 'serve'; flags: Record<string, string> };

export interface ProgramOptions {
  version: string;
  /** Where help and commander's messages go. */
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
  /**
   * Receives the parsed invocation (called at most once per parse), and the names of the
   * arguments given as empty strings (`sonocode submit "" x.py`: `['problem']`), for the usage check.
   */
  onInvoke: (invocation: Invocation, globals: GlobalFlags, emptyArguments: string[]) => void;
}

const EXIT_CODES_HELP = `
Exit codes:
  0    accepted / success
  1    judged and not accepted (also: a sample or reference solution that disagrees)
  2    usage error, unknown language, missing file, invalid problem or package,
       or a request a server refuses (token, unknown problem or submission)
  3    sandbox or system failure (also the IE verdict, a server that cannot be reached)
  130  interrupted (Ctrl-C)`;

/** `--lang`'s help: the built-in languages with their aliases (src/judge/languages.ts). */
const LANG_HELP = `the language: ${describeLanguages()}, or one of --languages FILE; default: from the file extension`;

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
}

export function createProgram(options: ProgramOptions): Command {
  const program = new Command('sonocode');
  program
    .description('Judge solutions to programming problems in a sandbox: compile, run, check, verdict.')
    .version(options.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--languages <file>', 'extra languages (YAML) that extend or override the built-ins')
    .option('--sandbox <backend>', 'where programs run: docker, native (bubblewrap) or auto (native where it works); default docker (also SONOCODE_SANDBOX)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .configureOutput({
      writeOut: options.writeOut,
      writeErr: options.writeErr,
      // main prints errors itself, as `sonocode: <message>`
      outputError: () => {},
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText(
      'after',
      `${examples(
        'sonocode submit problems/two-sum solution.cpp',
        'sonocode submit problems/two-sum solution.py --json | jq .verdict',
        'sonocode run problems/two-sum solution.cpp',
        'sonocode run problems/two-sum solution.cpp --input my-test.txt',
        'sonocode problems list',
        'sonocode problems validate problems/a-plus-b',
        'sonocode verify path/to/kattis-package --jobs 2',
        'sonocode doctor',
        'sonocode serve --admin-token "$ADMIN"',
        'sonocode submit two-sum solution.cpp --server http://127.0.0.1:3000 --token $TOKEN',
      )}\n${EXIT_CODES_HELP}\n\nEnvironment:\n${ENVIRONMENT.map(([name, what]) => `  ${name.padEnd(26)}${what}`).join('\n')}\n`,
    );

  const globals = (): GlobalFlags => program.opts<GlobalFlags>();
  // Before each action: which of its arguments are empty strings (commander takes "" as given).
  let emptyArguments: string[] = [];
  program.hook('preAction', (_program, actionCommand) => {
    emptyArguments = actionCommand.registeredArguments
      .filter((_argument, index) => {
        const value: unknown = actionCommand.processedArgs[index];
        const values = Array.isArray(value) ? value : [value];
        return values.some((item) => typeof item === 'string' && item.trim() === '');
      })
      .map((argument) => argument.name());
  });
  const invoke = (invocation: Invocation) => options.onInvoke(invocation, globals(), emptyArguments);

  /** `--server`, `--token` and, for commands that follow a submission live, `--socket`. */
  const remoteOptions = (command: Command, uses: { socket: boolean; token: string }) => {
    command.addOption(new Option('--server <url>', 'a sonocode server, http://host:port (also SONOCODE_SERVER)'));
    if (uses.socket) command.addOption(new Option('--socket <url>', "the server's WebSocket, ws://host:port/ws (default: the server's /ws; also SONOCODE_SOCKET)"));
    return command.addOption(new Option('--token <token>', `${uses.token} for the server (also SONOCODE_TOKEN)`));
  };

  const limitOptions = (command: Command) =>
    command
      .addOption(new Option('--time-limit-ms <ms>', 'CPU time limit per test, in milliseconds (overrides the problem)'))
      .addOption(new Option('--memory-limit-mb <mb>', 'memory limit per test, in MiB (overrides the problem)'));

  limitOptions(
    remoteOptions(
      program
        .command('submit')
        .description('judge a solution on every test of a problem and print the verdict (here, or on a server with --server)')
        .argument('<problem>', "a problem: <slug>.yaml, or a folder with problem.yaml; with --server, the problem's slug on the server")
        .argument('<file>', 'the source file')
        .option('-l, --lang <language>', LANG_HELP)
        .option('--json', 'print one JSON object (the result) on stdout, nothing else')
        .option('--all', 'run every test instead of stopping at the first failure (local judging only)'),
      { socket: true, token: 'a user token' },
    ),
  )
    .addHelpText(
      'after',
      `${examples(
        'sonocode submit problems/two-sum solution.cpp',
        'sonocode submit problems/two-sum Main.java --all',
        'sonocode submit problems/a-plus-b sol.txt --lang python',
        'sonocode submit problems/two-sum solution.cpp --time-limit-ms 500 --memory-limit-mb 64',
        'sonocode submit problems/two-sum solution.cpp --json > result.json',
        'sonocode submit two-sum solution.cpp --server http://127.0.0.1:3000 --token $TOKEN',
        'SONOCODE_SERVER=http://judge:3000 SONOCODE_TOKEN=$TOKEN sonocode submit two-sum main.py --json',
      )}\n\nWith --server (or SONOCODE_SERVER) the server judges: <problem> is its slug there, the view is fed by the\nserver's WebSocket, and --json adds the submission's id (submissionId) to the result.\nExit code: 0 if accepted, 1 for any other verdict, 2 for bad input (also a token or problem the server refuses),\n3 if the sandbox failed (IE) or the server cannot be reached.\n`,
    )
    .action((problem: string, file: string, flags: { lang?: string; json?: boolean; all?: boolean } & LimitFlags & RemoteFlags) => {
      invoke({
        command: 'submit',
        args: { problem, file, ...(flags.lang !== undefined ? { lang: flags.lang } : {}), json: flags.json === true, all: flags.all === true },
        limits: { timeLimitMs: flags.timeLimitMs, memoryLimitMb: flags.memoryLimitMb },
        remote: remoteFlags(flags),
      });
    });

  limitOptions(
    remoteOptions(
      program
        .command('run')
        .description("run a solution on the sample tests (diff against the expected output), or on your own input (here, or on a server with --server)")
        .argument('<problem>', "a problem: <slug>.yaml, or a folder with problem.yaml; with --server, the problem's slug on the server")
        .argument('<file>', 'the source file')
        .option('-l, --lang <language>', LANG_HELP)
        .option('-i, --input <file>', 'run on this input instead of the samples (- for standard input) and print the output')
        .option('--json', "print one JSON object on stdout, nothing else: submit's fields (the samples' results, or the run on --input with its stdout and stderr)"),
      { socket: false, token: 'a user token' },
    ),
  )
    .addHelpText(
      'after',
      `${examples(
        'sonocode run problems/two-sum solution.cpp',
        'sonocode run problems/two-sum solution.py --input my-test.txt',
        "echo '1 2' | sonocode run problems/a-plus-b sol.c --input -",
        'sonocode run problems/two-sum solution.cpp --json',
        'sonocode run two-sum solution.py --server http://127.0.0.1:3000 --token $TOKEN',
      )}\n\nWith --server (or SONOCODE_SERVER) the server runs it (POST /api/v1/runs): <problem> is its slug there, and no\nsubmission is stored.\nWith --input the program's output goes to stdout as is; its stderr, time and memory go to stderr\n(with --json, all of it is in the one object).\nExit code: 0 if every sample matched (or the program ran fine on --input), 1 otherwise, 2 for bad input, 3 on sandbox failure.\n`,
    )
    .action((problem: string, file: string, flags: { lang?: string; input?: string; json?: boolean } & LimitFlags & RemoteFlags) => {
      invoke({
        command: 'run',
        args: {
          problem,
          file,
          ...(flags.lang !== undefined ? { lang: flags.lang } : {}),
          ...(flags.input !== undefined ? { input: flags.input } : {}),
          json: flags.json === true,
        },
        limits: { timeLimitMs: flags.timeLimitMs, memoryLimitMb: flags.memoryLimitMb },
        remote: remoteFlags(flags),
      });
    });

  const problems = program
    .command('problems')
    .description('list, show, validate, import and export problems; write starter code; print the problem JSON Schema')
    .addHelpText(
      'after',
      examples(
        'sonocode problems list',
        'sonocode problems show problems/two-sum',
        'sonocode problems starter problems/two-sum --lang py -o solution.py',
        'sonocode problems validate problems/two-sum',
        'sonocode problems import path/to/kattis-package --out problems/hello/problem.yaml',
        'sonocode problems export problems/two-sum --format kattis --out two-sum-package',
        'sonocode problems schema > problem.schema.json',
      ),
    );

  problems
    .command('list')
    .description('list the problems in a folder (broken ones with their error count)')
    .argument('[dir]', 'the folder (default: problems, or SONOCODE_PROBLEMS_DIR)')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', examples('sonocode problems list', 'sonocode problems list problems --json'))
    .action((dir: string | undefined, flags: { json?: boolean }) => {
      invoke({ command: 'problems list', args: { ...(dir !== undefined ? { dir } : {}), json: flags.json === true } });
    });

  problems
    .command('show')
    .description('show a problem: statement, limits and sample tests (never the hidden tests), and its starter code in a language')
    .argument('<problem>', 'a problem: <slug>.yaml, or a folder with problem.yaml')
    .option('-l, --lang <language>', 'also show the starter code of a function problem in this language (an id or an alias: py, c++, js…)')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText(
      'after',
      examples('sonocode problems show problems/two-sum', 'sonocode problems show problems/two-sum --lang py', 'sonocode problems show problems/a-plus-b --json'),
    )
    .action((problem: string, flags: { lang?: string; json?: boolean }) => {
      invoke({ command: 'problems show', args: { problem, ...(flags.lang !== undefined ? { lang: flags.lang } : {}), json: flags.json === true } });
    });

  problems
    .command('starter')
    .description("write a function problem's starter code in a language to a file ready to edit (or print it)")
    .argument('<problem>', 'a problem: <slug>.yaml, or a folder with problem.yaml')
    .option('-l, --lang <language>', 'the language (an id or an alias: py, c++, js…); default: from the --out file\'s extension')
    .option('-o, --out <file>', 'the file to write (a new one; its folder is made); default: print the code on stdout')
    .option('--force', 'replace the --out file when it exists')
    .addHelpText(
      'after',
      `${examples(
        'sonocode problems starter problems/two-sum --lang py -o solution.py',
        'sonocode problems starter problems/two-sum -o Solution.java',
        'sonocode problems starter problems/two-sum --lang c++',
      )}\n\nThe starter code is what you complete and submit: the judge runs it inside the problem's own code that\nreads the input and prints the answer. A problem without starter code reads standard input itself.\nExit code: 0 when written, 2 for a problem without starter code in that language, or an --out file that exists.\n`,
    )
    .action((problem: string, flags: { lang?: string; out?: string; force?: boolean }) => {
      invoke({
        command: 'problems starter',
        args: { problem, ...(flags.lang !== undefined ? { lang: flags.lang } : {}), ...(flags.out !== undefined ? { out: flags.out } : {}), force: flags.force === true },
      });
    });

  problems
    .command('validate')
    .description('check problems (every error with file:line:col and its path), then judge their reference solutions')
    .argument('<problem...>', 'problems: <slug>.yaml files or folders with problem.yaml')
    .option('--no-solutions', 'only check the problem files; do not judge submissions/*')
    .option('--json', 'print one JSON object on stdout')
    .option('--junit <file>', 'also write a JUnit XML report (a test case per judged solution), for CI')
    .addHelpText(
      'after',
      `${examples(
        'sonocode problems validate problems/two-sum',
        'sonocode problems validate problems/* --no-solutions',
        'sonocode problems validate problems/a-plus-b --json',
        'sonocode problems validate problems/a-plus-b problems/reverse-string --junit reports/problems.xml',
      )}

Reference solutions live beside the problem, in folders named after the verdict they must get:
  submissions/accepted/*             AC
  submissions/wrong_answer/*         WA
  submissions/time_limit_exceeded/*  TLE
  submissions/memory_limit_exceeded/* MLE
  submissions/output_limit_exceeded/* OLE
  submissions/run_time_error/*       RE
  submissions/compile_error/*        CE
Exit code: 0 if every problem is valid and every solution got its verdict, 1 if a solution disagrees,
2 if a problem is invalid, 3 on sandbox failure.
`,
    )
    .action((paths: string[], flags: { solutions?: boolean; json?: boolean; junit?: string }) => {
      invoke({
        command: 'problems validate',
        args: { problems: paths, solutions: flags.solutions !== false, json: flags.json === true, ...(flags.junit !== undefined ? { junit: flags.junit } : {}) },
      });
    });

  problems
    .command('schema')
    .description('print the JSON Schema of the problem YAML format (for editors)')
    .addHelpText(
      'after',
      `${examples('sonocode problems schema > problem.schema.json')}\n\nThen, first line of a problem file (YAML language server):\n  # yaml-language-server: $schema=./problem.schema.json\n`,
    )
    .action(() => invoke({ command: 'problems schema' }));

  remoteOptions(
    problems
      .command('import')
      .description('convert an ICPC/Kattis problem package to the native YAML format (warns about what it cannot carry), or upload a problem to a server')
      .argument('<package>', 'the package folder (problem.yaml with data/); with --server, any problem: <slug>.yaml, a folder with problem.yaml, or a package')
      .option('-o, --out <file>', 'the YAML file to write (tests too large to inline are copied beside it); default: print on stdout'),
    { socket: false, token: 'the admin token' },
  )
    .addHelpText(
      'after',
      `${examples(
        'sonocode problems import kattis/hello --out problems/hello/problem.yaml',
        'sonocode problems import kattis/hello > hello.yaml',
        'sonocode problems import problems/two-sum --server http://127.0.0.1:3000 --token $ADMIN',
        'sonocode problems import kattis/hello --server http://127.0.0.1:3000 --token $ADMIN',
      )}\n\nTests of up to 4 KiB are written inline; larger ones are copied to tests/ beside problem.yaml (or <name>-tests/\nbeside <name>.yaml). Each thing the native format cannot express (validator flags no native checker matches,\nrequire_pass, …) is named in a warning on stderr.\nWith --server (or SONOCODE_SERVER) the problem is loaded here, its test files and programs inlined, and uploaded with the\nadmin token, replacing the server's problem of the same slug; what the server cannot carry is a warning on stderr.\nExit code: 0 when written (or uploaded), 2 if the package or problem is invalid, the path is not a package,\nor the server refuses the token; 3 if the server cannot be reached.\n`,
    )
    .action((pkg: string, flags: { out?: string } & RemoteFlags) => {
      invoke({ command: 'problems import', args: { package: pkg, ...(flags.out !== undefined ? { out: flags.out } : {}) }, remote: remoteFlags(flags) });
    });

  problems
    .command('export')
    .description('write a problem (native or ICPC) as a Kattis problem package (2025-09)')
    .argument('<problem>', 'a problem: <slug>.yaml, a folder with problem.yaml, or a package')
    .addOption(new Option('--format <format>', 'the package format').choices(['kattis']).makeOptionMandatory())
    .addOption(new Option('--out <dir>', 'the package folder to create (must not exist or be empty)').makeOptionMandatory())
    .addHelpText(
      'after',
      `${examples('sonocode problems export problems/two-sum --format kattis --out build/twosum')}\n\nThe problem's submissions/ folder is copied too, so \`sonocode verify <dir>\` checks the package.\nExit code: 0 when written, 2 for bad input or an invalid problem.\n`,
    )
    .action((problem: string, flags: { format: string; out: string }) => {
      invoke({ command: 'problems export', args: { problem, format: flags.format, out: flags.out } });
    });

  program
    .command('verify')
    .description("judge every submission under a problem's submissions/<expected verdict>/ and check it gets that verdict")
    .argument('<problem>', 'an ICPC/Kattis package folder, or a native problem folder with submissions/')
    .option('--json', 'print one JSON object (the report) on stdout, nothing else')
    .option('--junit <file>', 'also write a JUnit XML report (a test case per judged submission), for CI')
    .option('-j, --jobs <n>', 'judge n submissions at once (default 1)')
    .addHelpText(
      'after',
      `${examples('sonocode verify kattis/hello', 'sonocode verify kattis/hello --jobs 2', 'sonocode verify problems/a-plus-b --json | jq .ok', 'sonocode verify problems/a-plus-b --junit reports/a-plus-b.xml')}

Submissions live in folders named after what they must get:
  accepted/ AC · wrong_answer/ WA · time_limit_exceeded/ TLE · run_time_error/ RE · memory_limit_exceeded/ MLE
  output_limit_exceeded/ OLE · compile_error/ CE · partially_accepted/ a score below the maximum
  rejected/ anything but AC · brute_force/ TLE or RE
A package without a time limit gets one inferred from its accepted submissions, as the format says.
Output validators are compiled once, before any submission is judged.
Exit code: 0 if every submission got what its folder says, 1 otherwise (or when there is none),
2 if the problem or package is invalid (also a validator that does not compile), 3 on sandbox failure.
`,
    )
    .action((problem: string, flags: { json?: boolean; junit?: string; jobs?: string }) => {
      invoke({
        command: 'verify',
        args: { problem, json: flags.json === true, ...(flags.junit !== undefined ? { junit: flags.junit } : {}) },
        ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
      });
    });

  program
    .command('doctor')
    .description('check that this machine can judge (Docker, runtime image, toolchains) and say how to fix what is missing')
    .option('--json', 'print the report as one JSON object on stdout')
    .addHelpText('after', `${examples('sonocode doctor', 'sonocode doctor --json')}\n\nExit code: 0 if every check passed, 3 otherwise.\n`)
    .action((flags: { json?: boolean }) => invoke({ command: 'doctor', args: { json: flags.json === true } }));

  remoteOptions(
    program
      .command('watch')
      .description('follow a submission on a server until its verdict (a finished one shows its result at once)')
      .argument('<submission-id>', 'the id `submit --server` printed (submissionId in its --json)')
      .option('--json', 'print one JSON object (the result) on stdout, nothing else'),
    { socket: true, token: 'the user token that made the submission (or the admin token)' },
  )
    .addHelpText(
      'after',
      `${examples(
        'sonocode watch "$ID" --server http://127.0.0.1:3000 --token $TOKEN',
        'sonocode watch "$ID" --server http://127.0.0.1:3000 --token $TOKEN --json | jq .verdict',
      )}\n\nExit code: as for submit — 0 if accepted, 1 for any other verdict, 2 for an unknown submission or a refused\ntoken, 3 for IE or a server that cannot be reached.\n`,
    )
    .action((id: string, flags: { json?: boolean } & RemoteFlags) => {
      invoke({ command: 'watch', args: { id, json: flags.json === true }, remote: remoteFlags(flags) });
    });

  const users = program
    .command('users')
    .description("create users on a server (each gets a token to submit with)")
    .addHelpText('after', examples('sonocode users create alice --server http://127.0.0.1:3000 --token $ADMIN'));

  remoteOptions(
    users
      .command('create')
      .description("create a user on a server and print their token (shown only once)")
      .argument('<name>', "the user's name (1–100 characters)")
      .option('--json', 'print {"id", "name", "token"} on stdout'),
    { socket: false, token: 'the admin token' },
  )
    .addHelpText(
      'after',
      `${examples(
        'sonocode users create alice --server http://127.0.0.1:3000 --token $ADMIN',
        'TOKEN=$(sonocode users create alice --server http://127.0.0.1:3000 --token $ADMIN)',
        'sonocode users create bob --server http://127.0.0.1:3000 --token $ADMIN --json | jq -r .token',
      )}\n\nWithout --json, stdout holds the token alone (the rest goes to stderr).\nExit code: 0 when created, 2 if the token is not the admin's, 3 if the server cannot be reached.\n`,
    )
    .action((name: string, flags: { json?: boolean } & RemoteFlags) => {
      invoke({ command: 'users create', args: { name, json: flags.json === true }, remote: remoteFlags(flags) });
    });

  const serve = program
    .command('serve')
    .description('run the judge as a server: HTTP API, judging workers and WebSocket live status (roles of one process, or many over Redis)');
  for (const setting of SERVE_SETTINGS as readonly Setting[]) {
    const unit = setting.unit ? `, in ${setting.unit === 'ms' ? 'milliseconds' : 'bytes'}` : '';
    serve.addOption(new Option(`--${setting.flag} <${valueName(setting)}>`, `${setting.description}${unit} (default: ${defaultText(setting)}; also ${setting.env})`));
  }
  serve
    .addHelpText(
      'after',
      `${examples(
        'sonocode serve',
        'sonocode serve --port 8080 --admin-token "$ADMIN" --db /var/lib/sonocode/sonocode.db',
        'sonocode serve --role api --redis redis://127.0.0.1:6379 --port 3000',
        'sonocode serve --role worker --redis redis://127.0.0.1:6379 --workers-concurrency 2',
        'sonocode serve --role socket --redis redis://127.0.0.1:6379 --port 3001',
      )}

Without flags every role runs in this process, with SQLite at ./.sonocode/sonocode.db and an in-process queue.
When ready it prints \`sonocode serve: <role> listening on <url>\` (\`… ready\` for a worker) on stdout.
Ctrl-C or SIGTERM drains (running judgements finish, results are stored) and stops; a second one stops at once.
Every flag has its SONOCODE_* variable (named beside it); flags win over them (see docs/server.md).
Exit code: 0 after a clean stop, 2 for bad flags, 3 if it cannot start (port in use, Redis, store or sandbox unavailable).
`,
    )
    .action((flags: Record<string, unknown>) => {
      const typed: Record<string, string> = {};
      for (const [key, value] of Object.entries(flags)) if (typeof value === 'string') typed[key] = value;
      // `--sandbox` is also every judging command's: commander gives it to the program, wherever it stands.
      const { sandbox } = globals();
      if (sandbox !== undefined && typed.sandbox === undefined) typed.sandbox = sandbox;
      invoke({ command: 'serve', flags: typed });
    });

  return program;
}

/** The remote flags a command was given (absent ones left out). */
function remoteFlags(flags: RemoteFlags): RemoteFlags {
  return {
    ...(flags.server !== undefined ? { server: flags.server } : {}),
    ...(flags.socket !== undefined ? { socket: flags.socket } : {}),
    ...(flags.token !== undefined ? { token: flags.token } : {}),
  };
}
