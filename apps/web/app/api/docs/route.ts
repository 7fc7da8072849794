import { buildOpenApiDocument } from '@helpdesk/core/openapi';

type Operation = { summary?: string; 'x-scope'?: string };

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A plain, dependency-free page: every operation with its scope, linking the JSON document. */
export function GET(): Response {
  const doc = buildOpenApiDocument() as { info: { title: string; description: string }; paths: Record<string, Record<string, Operation>> };
  const rows = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td><td><code>${escape(op['x-scope'] ?? '')}</code></td></tr>`,
      ),
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:left}code{font-size:.9em}</style>
</head><body><main>
<h1>${escape(doc.info.title)}</h1>
<p>${escape(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/docs/openapi.json">OpenAPI 3.1 document</a>. Writes accept an <code>Idempotency-Key</code> header.</p>
<table><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">What</th><th scope="col">Scope</th></tr></thead>
<tbody>${rows}</tbody></table>
</main></body></html>`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
