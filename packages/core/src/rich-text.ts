/** A numbered source a draft cites as [n]: the n-th entry links to `href`. */
export interface CitedLink {
  title: string;
  href: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Plain text (a model's draft, a macro) as the composer's HTML: blank lines part paragraphs, single newlines break
 * lines. A draft's "[n]" markers and its "[n] Title" source lines link to the n-th cited article; a number with no
 * such article stays text, so a model cannot make up a link.
 */
export function textToHtml(text: string, citations: readonly CitedLink[] = []): string {
  const link = (n: number, label: string) => {
    const cited = citations[n - 1];
    return cited ? `<a href="${escapeHtml(cited.href)}">${label}</a>` : label;
  };
  const line = (raw: string) => {
    const source = /^\[(\d{1,3})\] (.+)$/.exec(raw.trim());
    if (source && citations[Number(source[1]) - 1]) return link(Number(source[1]), escapeHtml(raw.trim()));
    return escapeHtml(raw).replace(/\[(\d{1,3})\]/g, (marker, n: string) => link(Number(n), marker));
  };
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${block.split('\n').map(line).join('<br>')}</p>`)
    .join('');
}
