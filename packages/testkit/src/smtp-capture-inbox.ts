import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SmtpCapture } from './smtp-capture';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#0f172a}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #cbd5e1;padding:.4rem;text-align:left;overflow-wrap:anywhere}a{color:#1d4ed8}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f8fafc;padding:1rem}</style></head>
<body><main>${body}</main></body></html>`;
}

/**
 * A read-only web inbox for the local SMTP capture, in the spirit of Mailpit: the list of caught mails and each
 * one's headers and plain text. Mail HTML is never rendered (it is shown as text), so a caught mail runs no script.
 */
export async function startCaptureInbox(
  capture: SmtpCapture,
  { port = 0, host = '127.0.0.1' } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://inbox');
    const mails = capture.messages();
    const send = (status: number, html: string) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
      });
      res.end(html);
    };
    if (req.method !== 'GET') return send(405, page('Method not allowed', '<h1>Read-only inbox</h1>'));
    if (url.pathname === '/') {
      const rows = mails
        .map((m, i) => ({ m, i }))
        .reverse()
        .map(
          ({ m, i }) =>
            `<tr><td>${escapeHtml(m.parsed.date?.toISOString() ?? '')}</td><td>${escapeHtml(m.envelope.to.join(', '))}</td><td><a href="/messages/${i}">${escapeHtml(m.parsed.subject || '(no subject)')}</a></td></tr>`,
        )
        .join('');
      return send(
        200,
        page(
          'Mail catcher',
          `<h1>Mail catcher</h1><p>Mail the helpdesk sent on this machine. Nothing here left it.</p>
<table><thead><tr><th scope="col">Date</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No mail yet</td></tr>'}</tbody></table>`,
        ),
      );
    }
    const match = /^\/messages\/(\d+)$/.exec(url.pathname);
    const mail = match ? mails[Number(match[1])] : undefined;
    if (!mail) return send(404, page('Not found', '<h1>No such mail</h1><p><a href="/">All mail</a></p>'));
    const p = mail.parsed;
    return send(
      200,
      page(
        p.subject || '(no subject)',
        `<p><a href="/">All mail</a></p><h1>${escapeHtml(p.subject || '(no subject)')}</h1>
<dl><dt>From</dt><dd>${escapeHtml(p.from?.text ?? mail.envelope.from)}</dd><dt>To</dt><dd>${escapeHtml(mail.envelope.to.join(', '))}</dd>
<dt>Message-ID</dt><dd>${escapeHtml(p.messageId ?? '')}</dd></dl><pre>${escapeHtml(p.text ?? '')}</pre>`,
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return { url: `http://${host}:${actual}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
