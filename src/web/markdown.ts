/**
 * A problem's statement: Markdown rendered by marked, then sanitised by DOMPurify, so that nothing
 * in a problem's text runs — no `<script>`, no event handler attribute, no `javascript:` link —
 * while the HTML statements often carry (`<sup>`, `<code>`, tables) still shows. The server's
 * Content-Security-Policy forbids inline scripts besides.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** Safe HTML for a statement written in Markdown. */
export function statementHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'] });
}
