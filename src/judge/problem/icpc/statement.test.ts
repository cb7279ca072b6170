import { describe, expect, it } from 'vitest';
import { latexToMarkdown } from './statement.js';

describe('latexToMarkdown', () => {
  it('takes \\problemname out, turns sections and common commands into Markdown, keeps math', () => {
    const { text, name } = latexToMarkdown(
      '\\problemname{Two $x$ Sum}\nFind $a+b$ --- \\textbf{fast}.\n\\begin{itemize}\n\\item one\n\\item \\texttt{two}\n\\end{itemize}\n\\section*{Notes}\nSee \\url{https://example.com}. % hidden\n',
    );
    expect(name).toBe('Two $x$ Sum');
    expect(text).toBe('Find $a+b$ — **fast**.\n\n- one\n- `two`\n\n## Notes\n\nSee <https://example.com>.');
  });

  it('leaves escaped percent signs alone', () => {
    expect(latexToMarkdown('50\\% of it').text).toBe('50\\% of it');
  });
});
