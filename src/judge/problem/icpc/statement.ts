/**
 * The problem statement of a package (`statement/` or `problem_statement/`, `problem.<lang>.md|tex`)
 * as the Markdown description of a Problem — best effort: Markdown is kept as it is, LaTeX gets its
 * sections turned into headings and its commonest commands into Markdown; math stays as `$…$`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface Statement {
  /** The file read, relative to the package. */
  file: string;
  /** Markdown. */
  text: string;
  /** `\problemname{…}` of a LaTeX statement. */
  name?: string;
}

const FOLDERS = ['statement', 'problem_statement'];

/** The English (or only, or first) statement; Markdown preferred over LaTeX. */
export async function readStatement(packageDir: string): Promise<Statement | undefined> {
  for (const folder of FOLDERS) {
    const names = await readdir(path.join(packageDir, folder)).catch(() => [] as string[]);
    const candidates = names
      .map((name) => ({ name, match: /^problem(?:\.([A-Za-z]{2,3}(?:-[A-Z]{2})?))?\.(md|tex)$/.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .map(({ name, match }) => ({ name, language: match[1] ?? 'en', kind: match[2] }))
      .sort(
        (a, b) =>
          Number(b.language === 'en') - Number(a.language === 'en') ||
          Number(b.kind === 'md') - Number(a.kind === 'md') ||
          a.name.localeCompare(b.name),
      );
    const chosen = candidates[0];
    if (!chosen) continue;
    const text = await readFile(path.join(packageDir, folder, chosen.name), 'utf8');
    const file = `${folder}/${chosen.name}`;
    if (chosen.kind === 'md') return { file, text: text.trim() };
    return { file, ...latexToMarkdown(text) };
  }
  return undefined;
}

/** A LaTeX statement body as Markdown, with its `\problemname`. */
export function latexToMarkdown(latex: string): { text: string; name?: string } {
  let name: string | undefined;
  let text = latex
    .replace(/(^|[^\\])%.*$/gm, '$1')
    .replace(/\\problemname\{((?:[^{}]|\{[^{}]*\})*)\}/, (_, title: string) => {
      name = title.trim();
      return '';
    });
  const sections: Record<string, string> = { Input: 'Input', Output: 'Output', Interaction: 'Interaction', Scoring: 'Scoring' };
  text = text
    .replace(/\\begin\{(Input|Output|Interaction|Scoring)\}/g, (_, section: string) => `\n## ${sections[section]}\n`)
    .replace(/\\end\{(Input|Output|Interaction|Scoring)\}/g, '\n')
    .replace(/\\(?:sub)?section\*?\{([^{}]*)\}/g, (_, title: string) => `\n## ${title}\n`)
    .replace(/\\begin\{(?:itemize|enumerate)\}|\\end\{(?:itemize|enumerate)\}/g, '\n')
    .replace(/^[ \t]*\\item[ \t]*/gm, '- ')
    .replace(/\\(?:textbf|bf)\{([^{}]*)\}/g, '**$1**')
    .replace(/\\(?:emph|textit|it)\{([^{}]*)\}/g, '*$1*')
    .replace(/\\(?:texttt|tt)\{([^{}]*)\}/g, '`$1`')
    .replace(/\\(?:url)\{([^{}]*)\}/g, '<$1>')
    .replace(/\\href\{([^{}]*)\}\{([^{}]*)\}/g, '[$2]($1)')
    .replace(/\\(?:illustration)\{[^{}]*\}\{[^{}]*\}\{[^{}]*\}/g, '')
    .replace(/\\(?:nextsample|remainingsamples|noindent)\b/g, '')
    .replace(/``|''/g, '"')
    .replace(/---/g, '—')
    .replace(/--/g, '–')
    .replace(/~/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return name === undefined ? { text } : { text, name };
}
