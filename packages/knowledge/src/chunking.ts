/** Chunks stay well inside the embedding context and read as a whole passage when cited. */
export const CHUNK_CHARS = 900;

/** Splits markdown at headings and paragraphs, packing paragraphs up to CHUNK_CHARS; the title leads each chunk. */
export function chunkMarkdown(title: string, markdown: string, size = CHUNK_CHARS): string[] {
  const sections = markdown.replace(/\r\n?/g, '\n').split(/\n(?=#{1,6}\s)/);
  const chunks: string[] = [];
  for (const section of sections) {
    const paragraphs = section
      .split(/\n{2,}/)
      .map((p) => p.trim())
      .filter(Boolean);
    let current = '';
    for (const paragraph of paragraphs) {
      for (const piece of splitLong(paragraph, size)) {
        if (current && current.length + piece.length + 2 > size) {
          chunks.push(current);
          current = '';
        }
        current = current ? `${current}\n\n${piece}` : piece;
      }
    }
    if (current) chunks.push(current);
  }
  const body = chunks.length ? chunks : [''];
  return body.map((c) => `${title}\n\n${c}`.trim());
}

function splitLong(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf(' ', size);
    const at = cut > size / 2 ? cut : size;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(rest);
  return out;
}
